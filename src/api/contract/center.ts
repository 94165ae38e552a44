import { z } from 'zod';
import { method, returns } from '../method';
import { Empty } from '../schemas';

export interface CenterView {
  /** The center's id at the central system: its FHIR Location id; null until it is known. */
  id: string | null;
  name: string;
  updatedAt: string;
}

export interface CenterInfo {
  center: CenterView | null;
  /** Invitations pulled from central for the current id (what a change of id would leave behind). */
  pulledInvitations: number;
}

export const CenterName = z.string().trim().min(1).max(120);
/** A FHIR id (R4: [A-Za-z0-9-.]{1,64}), as central names the center's Location. */
export const LocationId = z.string().trim().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, - and . (at most 64)');
/** The center as the first-run screen gives it: the Location id may follow later (Sync → connection). */
export const NewCenter = z.strictObject({ name: CenterName, locationId: LocationId.optional() });

export const centerContract = {
  'center.get': method({
    role: 'receptionist',
    summary: "This center: its name and its id at the central system (FHIR Location id), and how many invitations were pulled for it.",
    input: Empty,
    result: returns<CenterInfo>(),
    emits: [],
  }),
  'center.update': method({
    role: 'coordinator',
    summary:
      'Create or change the center (name, Location id). Changing a Location id that is already set is refused with CONFLICT (details.reason centerIdChange) until confirmIdChange is true.',
    input: z.strictObject({ name: CenterName, locationId: LocationId.nullable(), confirmIdChange: z.boolean().default(false) }),
    result: returns<CenterView>(),
    emits: ['settings', 'sync', 'invitations'],
  }),
} as const;
