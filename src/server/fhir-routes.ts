import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bundle, BundleEntry, CapabilityStatement, OperationOutcome, Resource } from 'fhir/r4';
import type { App } from '../core';
import { invitationToAppointment, INVITATION_SYSTEM } from '../sync/fhir/mappers';
import { immunizationResource } from '../sync/fhir/immunization';
import { CENTER_KEY, centerId, centerSystemsOf, getConnection } from '../sync/settings';
import { isReported, person, vaccinationFacts } from '../sync/push';

/**
 * A read-only FHIR R4 endpoint of the desk server, for integrators and a regional system that
 * want a center's day without a CSV: the day's Appointments and Immunizations exactly as the push
 * sends them to central (same builders, same ids), and a CapabilityStatement. Only a coordinator's
 * session token opens it: these are people's national numbers and health data.
 */
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** A day of the largest center stays far below this; a bound keeps one request from growing without end. */
const MAX_PER_DAY = 10_000;
const DAY = /^(?:eq)?(\d{4}-\d{2}-\d{2})$/;

function outcome(code: string, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', diagnostics: text }] };
}

function send(reply: FastifyReply, status: number, body: Resource): FastifyReply {
  return reply.code(status).header('Content-Type', FHIR_JSON).header('Cache-Control', 'no-store').send(JSON.stringify(body));
}

/** null when the caller may read; otherwise the refusal already sent. */
function refuse(app: App, req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(h.trim()) : null;
  const session = m ? app.core.sessions.touch(m[1]!) : undefined;
  if (!session) return send(reply.header('WWW-Authenticate', 'Bearer'), 401, outcome('login', 'A coordinator session token is required (Authorization: Bearer …).'));
  if (session.role !== 'coordinator') return send(reply, 403, outcome('forbidden', 'Only a coordinator may read the FHIR endpoint.'));
  return null;
}

/** The one search parameter: date=YYYY-MM-DD (or eqYYYY-MM-DD), a Brussels day; anything else is refused. */
function dayOf(req: FastifyRequest): string | { error: string } {
  const q = req.query as Record<string, string | string[] | undefined>;
  const unknown = Object.keys(q).filter((k) => k !== 'date');
  if (unknown.length) return { error: `Unsupported search parameter ${unknown[0]!.slice(0, 40)}; only date is supported.` };
  const d = q.date;
  if (typeof d !== 'string') return { error: 'Give exactly one date=YYYY-MM-DD (a day, Europe/Brussels).' };
  const day = DAY.exec(d)?.[1];
  if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    return { error: 'date must be a calendar day YYYY-MM-DD (optionally prefixed eq).' };
  }
  return day;
}

function searchset(req: FastifyRequest, type: string, resources: Resource[]): Bundle {
  const base = `${req.protocol}://${req.headers.host ?? '127.0.0.1'}/fhir`;
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: `${base}/${type}/${resource.id!}`, resource, search: { mode: 'match' } }));
  return { resourceType: 'Bundle', type: 'searchset', total: entry.length, link: [{ relation: 'self', url: `${base}${req.url.replace(/^\/fhir/, '')}` }], entry };
}

export function capabilityStatement(now: Date): CapabilityStatement {
  const date = { name: 'date', type: 'date' as const, documentation: 'A day (YYYY-MM-DD, Europe/Brussels); required.' };
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'VaxDesk desk server' },
    implementation: { description: 'Read-only FHIR view of one vaccination center\'s day' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: { description: 'Authorization: Bearer <token of a coordinator session on this desk server>.' },
        resource: [
          { type: 'Appointment', interaction: [{ code: 'search-type' }], searchParam: [date] },
          { type: 'Immunization', interaction: [{ code: 'search-type' }], searchParam: [date] },
        ],
      },
    ],
  };
}

export function registerFhirRoutes(server: FastifyInstance, app: App): void {
  const store = () => app.core.store;
  const context = () => {
    const id = centerId(store());
    const systems = centerSystemsOf(store());
    return id && systems ? { id, systems, name: store().settings.get<{ name?: string }>(CENTER_KEY)?.name ?? null } : null;
  };

  server.get('/fhir/metadata', async (req, reply) => refuse(app, req, reply) ?? send(reply, 200, capabilityStatement(app.core.clock())));

  server.get('/fhir/Appointment', async (req, reply) => {
    const no = refuse(app, req, reply);
    if (no) return no;
    const day = dayOf(req);
    if (typeof day !== 'string') return send(reply, 400, outcome('invalid', day.error));
    const ctx = context();
    if (!ctx) return send(reply, 409, outcome('processing', 'This desk has no center configured yet.'));
    const conn = getConnection(store());
    const national = { ...ctx.systems, walkinId: (conn as { invitationSystem?: string | null } | null)?.invitationSystem ?? INVITATION_SYSTEM };
    const out: Resource[] = [];
    for (const id of store().sync.dayInvitationIds(day, MAX_PER_DAY)) {
      const inv = store().sync.invitation(id);
      if (!inv?.niss) continue; // a person without a national number cannot be named in FHIR
      out.push(
        invitationToAppointment(
          { ...inv, channels: JSON.parse(inv.channels) as string[], person: person(inv) },
          conn?.locationId ?? ctx.id,
          inv.source === 'walkin' ? ctx.systems : national,
        ),
      );
    }
    return send(reply, 200, searchset(req, 'Appointment', out));
  });

  server.get('/fhir/Immunization', async (req, reply) => {
    const no = refuse(app, req, reply);
    if (no) return no;
    const day = dayOf(req);
    if (typeof day !== 'string') return send(reply, 400, outcome('invalid', day.error));
    const ctx = context();
    if (!ctx) return send(reply, 409, outcome('processing', 'This desk has no center configured yet.'));
    const out: Resource[] = [];
    for (const id of store().sync.dayOutcomeIds(day, MAX_PER_DAY)) {
      const v = store().sync.vaccination(id);
      if (!v?.niss || !isReported(v.outcome)) continue;
      out.push(immunizationResource(vaccinationFacts(v, person(v)), { centerId: ctx.id, centerName: ctx.name, systems: ctx.systems }));
    }
    return send(reply, 200, searchset(req, 'Immunization', out));
  });

  // A FHIR client writes with this type; read as text so the refusal below is FHIR's, not a parse error.
  server.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Everything else under /fhir (writes, other types, reads by id) is not offered: say so in FHIR.
  server.all('/fhir/*', async (req, reply) => {
    const no = refuse(app, req, reply);
    if (no) return no;
    return send(reply, req.method === 'GET' ? 404 : 405, outcome('not-supported', 'This endpoint is read-only: GET /fhir/metadata, /fhir/Appointment?date=, /fhir/Immunization?date=.'));
  });
}
