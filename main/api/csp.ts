/**
 * The Content-Security-Policy both hosts send with the UI: scripts and connections
 * only from the app itself, no plugins, no framing, no remote content. Inline
 * styles are allowed because cytoscape and the SVG export set style attributes;
 * inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
