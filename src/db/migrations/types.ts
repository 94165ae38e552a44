import type { Db } from '../open';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
