/**
 * Site ids inside evidence and suspect texts (`not cleared: a.c:19:grab_slots`,
 * `freed by f() (lib/x.c:93:kfree)`): the text cut into plain parts and references to
 * sites that exist, so the details panel can make each reference a link to its site.
 */

/** A piece of a text: plain words, or the id of a site the analysis has. */
export type TextPart = { text: string } | { site: string };

/** `path/file.c:19:grab_slots`, `x.c:12:kmalloc#2`: a file path, a line, the api, a repeat. */
const SITE_ID = /[\w./+-]+\.[ch]:\d+:[A-Za-z_]\w*(?:#\d+)?/g;

/** `text` split at every site id that `isSite` knows; other look-alikes stay text. */
export function splitSiteRefs(text: string, isSite: (id: string) => boolean): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const m of text.matchAll(SITE_ID)) {
    const at = m.index ?? 0;
    if (!isSite(m[0])) continue;
    if (at > from) parts.push({ text: text.slice(from, at) });
    parts.push({ site: m[0] });
    from = at + m[0].length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from) });
  return parts;
}
