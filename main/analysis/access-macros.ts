/**
 * Kernel access macros as the assignments they are. `rcu_assign_pointer(dev->name, name)`,
 * `RCU_INIT_POINTER(p, v)`, `WRITE_ONCE(x, v)` and `smp_store_release(&x, v)` store their
 * value into their first argument; `t = rcu_dereference(p->f)`, `READ_ONCE(x)`,
 * `rcu_access_pointer(p)` and `smp_load_acquire(&x)` load it. They are defined in headers
 * a tree like Linux `fs/` does not include, so the IR holds them as calls to unknown
 * functions: a block published through one looked never stored, and a local loaded
 * through one had no origin, so its free matched no field. Lowering adds the assignment
 * right after the call, so the walks, the release index's moves and the locals' origins
 * all see the store or the load.
 */
import type { AssignStmt, CallStmt } from '../index/facts';
import { isIdent } from './expr';

/** How a macro's first argument names the place it reads or writes: itself, or the place it points to. */
type PlaceForm = 'lvalue' | 'address';

/** Store macros: `(place, value)`. */
const STORES = new Map<string, PlaceForm>([
  ['rcu_assign_pointer', 'lvalue'],
  ['RCU_INIT_POINTER', 'lvalue'],
  ['WRITE_ONCE', 'lvalue'],
  ['smp_store_release', 'address'],
]);

/** Load macros: `target = macro(place[, condition])`. */
const LOADS = new Map<string, PlaceForm>([
  ['READ_ONCE', 'lvalue'],
  ['rcu_dereference', 'lvalue'],
  ['rcu_dereference_raw', 'lvalue'],
  ['rcu_dereference_protected', 'lvalue'],
  ['rcu_dereference_check', 'lvalue'],
  ['rcu_dereference_bh', 'lvalue'],
  ['rcu_dereference_sched', 'lvalue'],
  ['rcu_access_pointer', 'lvalue'],
  ['smp_load_acquire', 'address'],
]);

/** The assignment each access call makes, made once per call so every lowering shares one statement. */
const made = new WeakMap<CallStmt, AssignStmt | null>();

/** The assignment a call to an access macro makes (`dev->name = name`, `t = p->f`), or undefined for any other call. */
export function accessOf(call: CallStmt): AssignStmt | undefined {
  if (call.indirect || !(STORES.has(call.callee) || LOADS.has(call.callee))) return undefined;
  let access = made.get(call);
  if (access === undefined) {
    access = assignmentOf(call);
    made.set(call, access);
  }
  return access ?? undefined;
}

function assignmentOf(call: CallStmt): AssignStmt | null {
  const place = call.args[0]?.trim() ?? '';
  if (place === '') return null;
  const store = STORES.get(call.callee);
  if (store !== undefined) {
    const value = call.args[1]?.trim() ?? '';
    const lhs = placeOf(place, store);
    return call.args.length === 2 && value !== '' && lhs !== '' ? { k: 'assign', line: call.line, lhs, rhs: value, decl: false } : null;
  }
  const load = LOADS.get(call.callee);
  const rhs = load === undefined ? '' : placeOf(place, load);
  return isIdent(call.target) && rhs !== '' ? { k: 'assign', line: call.line, lhs: call.target, rhs, decl: false } : null;
}

/** The place an argument names: itself, or for an address `&x` → `x`, `&(p->f)` → `p->f`, `p` → `*p`. */
function placeOf(arg: string, form: PlaceForm): string {
  if (form === 'lvalue') return arg;
  if (!arg.startsWith('&')) return isIdent(arg) ? `*${arg}` : '';
  const inner = arg.slice(1).trim();
  return inner.startsWith('(') && inner.endsWith(')') ? inner.slice(1, -1).trim() : inner;
}
