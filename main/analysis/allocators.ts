/**
 * The allocator table: which called names allocate, free or reallocate memory, the
 * family each belongs to, and which argument carries the pointer. Built-in families
 * cover libc/POSIX/GNU/glib (mirrored from cppcheck's library configs, see
 * allocators-cppcheck.ts) and the Linux kernel; the project config extends or
 * overrides them. Families are kept per site so a later pass can flag memory freed
 * by the wrong deallocator (kmalloc → vfree) while accepting compatible ones
 * (kmalloc → kvfree).
 */
import type { AllocatorConfigEntry } from '../index/config';
import { CPPCHECK_FAMILIES } from './allocators-cppcheck';

/**
 * Reallocators that never return NULL: they end the program when memory runs out (glib's
 * g_realloc, the x-allocators of GNU and OpenBSD code such as tmux's), so `p = xrealloc(p, n)`
 * loses nothing when it fails. g_try_realloc can fail and is not one.
 */
const ABORTS_ON_FAILURE = new Set(['xrealloc', 'xreallocarray', 'g_realloc', 'g_realloc_n', 'g_renew']);

/** True for a reallocator that ends the program instead of returning NULL. */
export function abortsOnFailure(name: string): boolean {
  return ABORTS_ON_FAILURE.has(name);
}

/** What a table entry does to memory. */
export type AllocatorKind = 'alloc' | 'free' | 'realloc';

/** One allocator, deallocator or reallocator. */
export interface AllocatorEntry {
  name: string;
  kind: AllocatorKind;
  family: string;
  /**
   * alloc: -1 when the memory is the returned value, i when it is stored through the
   * out-parameter at argument i (`getline(&buf, …)`, `posix_memalign(&p, …)`);
   * free / realloc: the argument that is released.
   */
  arg: number;
  /** Managed memory (`devm_*`): released by its owner, never a suspect. */
  managed: boolean;
  /** free only: the families whose memory this deallocator may release (always includes `family`). */
  accepts: string[];
  /** Where the entry comes from: the built-in table, the project config, or wrapper detection. */
  origin: 'builtin' | 'config' | 'derived';
}

/** Lookup over a set of entries; immutable, so a derived table never changes the built-in one. */
export class AllocatorTable {
  private readonly byName: Map<string, AllocatorEntry>;

  constructor(entries: Iterable<AllocatorEntry>) {
    this.byName = new Map();
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  /** The entry for a called name, if it is an allocator, deallocator or reallocator. */
  get(name: string): AllocatorEntry | undefined {
    return this.byName.get(name);
  }

  /** True when `name` is in the table. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every entry, sorted by name. */
  entries(): AllocatorEntry[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Number of entries. */
  get size(): number {
    return this.byName.size;
  }

  /** Names of the allocators and reallocators of a family. */
  allocatorsOf(family: string): string[] {
    return this.entries()
      .filter((e) => e.family === family && e.kind !== 'free')
      .map((e) => e.name);
  }

  /**
   * True when memory of `allocFamily` may be released by the deallocator or
   * reallocator `freeName` (kfree and kvfree accept kmalloc memory; vfree does not).
   */
  canRelease(freeName: string, allocFamily: string): boolean {
    const entry = this.byName.get(freeName);
    if (!entry || entry.kind === 'alloc') return false;
    return entry.family === allocFamily || entry.accepts.includes(allocFamily);
  }

  /** A new table with `extra` added; an extra entry replaces a same-named one. */
  extend(extra: Iterable<AllocatorEntry>): AllocatorTable {
    return new AllocatorTable([...this.byName.values(), ...extra]);
  }
}

type Spec = readonly [name: string, arg?: number];

/** A family written out by hand: allocators, reallocators and deallocators with argument positions. */
interface FamilySpec {
  family: string;
  alloc: readonly (string | Spec)[];
  realloc?: readonly (string | Spec)[];
  free: readonly (string | Spec)[];
  /** Extra families the deallocators of this family accept. */
  accepts?: readonly string[];
  managed?: boolean;
}

/** Linux kernel families (include/linux/slab.h, vmalloc.h, gfp.h, mempool.h, device.h). */
const KERNEL_FAMILIES: readonly FamilySpec[] = [
  {
    family: 'kmalloc',
    alloc: [
      'kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kmalloc_node', 'kzalloc_node', 'kcalloc_node', 'kmalloc_array_node',
      'kmalloc_track_caller', 'kmalloc_node_track_caller', '__kmalloc', '__kmalloc_node', 'kmalloc_large', 'kmalloc_large_node',
      'kstrdup', 'kstrndup', 'kmemdup', 'kmemdup_nul', 'kasprintf', 'kvasprintf', 'memdup_user', 'memdup_user_nul', 'strndup_user',
    ],
    realloc: ['krealloc', 'krealloc_array'],
    free: ['kfree', 'kfree_sensitive', 'kzfree', 'kfree_rcu', 'kfree_rcu_mightsleep'],
  },
  { family: 'kstrdup_const', alloc: ['kstrdup_const', 'kvasprintf_const'], free: ['kfree_const'], accepts: ['kmalloc'] },
  {
    family: 'vmalloc',
    alloc: [
      'vmalloc', 'vzalloc', 'vmalloc_node', 'vzalloc_node', 'vmalloc_user', 'vmalloc_32', 'vmalloc_32_user', '__vmalloc',
      '__vmalloc_node', '__vmalloc_node_range', 'vmalloc_array', 'vcalloc', 'vmalloc_exec', 'vmalloc_huge',
    ],
    free: ['vfree'],
  },
  {
    family: 'kvmalloc',
    alloc: ['kvmalloc', 'kvzalloc', 'kvcalloc', 'kvmalloc_array', 'kvmalloc_node', 'kvzalloc_node', 'kvmemdup', 'vmemdup_user'],
    realloc: ['kvrealloc'],
    free: ['kvfree', 'kvfree_sensitive', 'kvfree_rcu'],
    // kvfree checks is_vmalloc_addr(), so it releases kmalloc and vmalloc memory too.
    accepts: ['kmalloc', 'vmalloc'],
  },
  {
    family: 'kmem_cache',
    alloc: ['kmem_cache_alloc', 'kmem_cache_zalloc', 'kmem_cache_alloc_node', 'kmem_cache_alloc_lru', 'kmem_cache_alloc_trace'],
    free: [['kmem_cache_free', 1]],
  },
  { family: 'alloc_pages', alloc: ['alloc_pages', 'alloc_page', 'alloc_pages_node', 'alloc_pages_exact_nid', '__alloc_pages', 'alloc_pages_vma'], free: ['__free_pages', '__free_page'] },
  { family: '__get_free_pages', alloc: ['__get_free_pages', '__get_free_page', 'get_zeroed_page'], free: ['free_pages', 'free_page'] },
  { family: 'alloc_pages_exact', alloc: ['alloc_pages_exact'], free: ['free_pages_exact'] },
  { family: 'mempool', alloc: ['mempool_alloc'], free: ['mempool_free'] },
  { family: 'dma_coherent', alloc: ['dma_alloc_coherent', 'dma_zalloc_coherent', 'dma_alloc_attrs'], free: [['dma_free_coherent', 2], ['dma_free_attrs', 2]] },
  { family: 'dma_pool', alloc: ['dma_pool_alloc', 'dma_pool_zalloc'], free: [['dma_pool_free', 1]] },
  { family: 'sock_kmalloc', alloc: ['sock_kmalloc'], free: [['sock_kfree_s', 1], ['sock_kzfree_s', 1]] },
  {
    family: 'devm',
    managed: true,
    alloc: [
      'devm_kmalloc', 'devm_kzalloc', 'devm_kcalloc', 'devm_kmalloc_array', 'devm_kstrdup', 'devm_kstrdup_const', 'devm_kvasprintf',
      'devm_kasprintf', 'devm_kmemdup', 'devm_get_free_pages', 'dmam_alloc_coherent', 'dmam_alloc_attrs', 'devm_bitmap_alloc', 'devm_bitmap_zalloc',
    ],
    realloc: [['devm_krealloc', 1]],
    free: [['devm_kfree', 1], ['devm_free_pages', 1], ['dmam_free_coherent', 2]],
  },
];

/**
 * What cppcheck lacks among memory blocks: glib's allocation macros, the g_slice family,
 * vasprintf. And the stdio/dirent handles cppcheck tracks as resources (CWE-772 leaks):
 * a FILE or DIR never closed leaks its buffer and its descriptor like a block never freed.
 */
const EXTRA_FAMILIES: readonly FamilySpec[] = [
  // freopen() closes the stream it is given, even when it fails; the stream it returns is not followed.
  { family: 'fopen', alloc: ['fopen', 'fopen64', 'fdopen', 'tmpfile', 'fmemopen', 'open_memstream', 'open_wmemstream'], free: ['fclose', ['freopen', 2]] },
  { family: 'popen', alloc: ['popen'], free: ['pclose'] },
  { family: 'opendir', alloc: ['opendir', 'fdopendir'], free: ['closedir'] },
  { family: 'malloc', alloc: [['vasprintf', 0], 'memalign', 'xstrndup', 'xzalloc', 'xmemdup'], free: [] },
  {
    family: 'g_malloc',
    alloc: ['g_new', 'g_new0', 'g_try_new', 'g_try_new0', 'g_memdup2', 'g_strdup_value_contents'],
    realloc: [['g_renew', 1], ['g_try_renew', 1]],
    free: [],
  },
  {
    family: 'g_slice',
    alloc: ['g_slice_new', 'g_slice_new0', 'g_slice_dup', 'g_slice_alloc', 'g_slice_alloc0', 'g_slice_copy'],
    free: [['g_slice_free', 1], ['g_slice_free1', 1], ['g_slice_free_chain', 1], ['g_slice_free_chain_with_offset', 1]],
  },
];

function specName(spec: string | Spec): [string, number | undefined] {
  return typeof spec === 'string' ? [spec, undefined] : [spec[0], spec[1]];
}

function entriesOf(spec: FamilySpec): AllocatorEntry[] {
  const managed = spec.managed ?? false;
  const accepts = [spec.family, ...(spec.accepts ?? [])];
  const out: AllocatorEntry[] = [];
  for (const s of spec.alloc) {
    const [name, arg] = specName(s);
    out.push({ name, kind: 'alloc', family: spec.family, arg: arg ?? -1, managed, accepts: [spec.family], origin: 'builtin' });
  }
  for (const s of spec.realloc ?? []) {
    const [name, arg] = specName(s);
    out.push({ name, kind: 'realloc', family: spec.family, arg: arg ?? 0, managed, accepts, origin: 'builtin' });
  }
  for (const s of spec.free) {
    const [name, arg] = specName(s);
    out.push({ name, kind: 'free', family: spec.family, arg: arg ?? 0, managed, accepts, origin: 'builtin' });
  }
  return out;
}

/** cppcheck's tuple format → entries. `g_slice_*` names listed there under g_free are re-homed to the g_slice family. */
function cppcheckEntries(): AllocatorEntry[] {
  const out: AllocatorEntry[] = [];
  for (const [family, frees, allocs, reallocs] of CPPCHECK_FAMILIES) {
    for (const a of allocs) {
      const [name, arg] = a.split(':');
      out.push({ name, kind: 'alloc', family, arg: arg === undefined ? -1 : Number(arg), managed: false, accepts: [family], origin: 'builtin' });
    }
    for (const name of reallocs) out.push({ name, kind: 'realloc', family, arg: 0, managed: false, accepts: [family], origin: 'builtin' });
    for (const name of frees) out.push({ name, kind: 'free', family, arg: 0, managed: false, accepts: [family], origin: 'builtin' });
  }
  return out;
}

let builtin: AllocatorTable | undefined;

/** The built-in table (libc, POSIX, GNU, glib, Linux kernel), built once. */
export function builtinAllocators(): AllocatorTable {
  builtin ??= new AllocatorTable([...cppcheckEntries(), ...[...EXTRA_FAMILIES, ...KERNEL_FAMILIES].flatMap(entriesOf)]);
  return builtin;
}

/**
 * The built-in table extended by the project's config entries. A config entry
 * overrides a built-in one of the same name; a config free joins its family's
 * accepted families.
 */
export function createAllocatorTable(config: readonly AllocatorConfigEntry[] = []): AllocatorTable {
  const base = builtinAllocators();
  if (config.length === 0) return base;
  const extra = config.map(
    (c): AllocatorEntry => ({
      name: c.name,
      kind: c.kind,
      family: c.family,
      arg: c.arg ?? (c.kind === 'alloc' ? -1 : 0),
      managed: c.managed ?? c.family === 'devm',
      accepts: c.kind === 'alloc' ? [c.family] : (base.entries().find((e) => e.family === c.family && e.kind === 'free')?.accepts ?? [c.family]),
      origin: 'config',
    }),
  );
  return base.extend(extra);
}
