/**
 * Version of the wire contract (socket events and HTTP bodies). A client whose protocol differs
 * from the server's is told so at connect (`protocol:error`) instead of misreading data.
 * Bump it on any change that an older client would misread.
 */
export const PROTOCOL_VERSION = 2;
// 2: deltas carry the map's changes (`mapPatch`) instead of the whole map; overdue orders on the
//    map carry the instant they became overdue instead of their hours (which moved every second).
