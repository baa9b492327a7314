export const portalPaths = {
  submit: () => '/portal',
  track: (trackingNo?: string) =>
    trackingNo ? `/portal/track?no=${encodeURIComponent(trackingNo)}` : '/portal/track',
};

/** The public portal lives under /portal and needs no sign-in. */
export function isPortalPath(pathname: string): boolean {
  return pathname === '/portal' || pathname.startsWith('/portal/');
}
