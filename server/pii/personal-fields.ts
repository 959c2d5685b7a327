/**
 * Which fields of which event types are personal (PIPL; GB/T 35273): sealed before storage,
 * masked on the way out unless an identity may see them.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'population.upserted': ['name', 'idNumber', 'phone'],
  'staff.upserted': ['name', 'phone'],
};

/** A copy of `data` with the personal fields of `type` passed through `seal`. */
export function sealPersonalFields(type: string, data: Record<string, unknown>, seal: (plain: string) => string): Record<string, unknown> {
  const fields = PERSONAL_FIELDS[type];
  if (!fields) return data;
  const out = { ...data };
  for (const f of fields) {
    const v = out[f];
    if (typeof v === 'string') out[f] = seal(v);
  }
  return out;
}
