// Each area's demo seeder registers itself by being imported here (one line per area).
export {};
import './reception-seed';
import './reports-seed';
import './planning-seed';
