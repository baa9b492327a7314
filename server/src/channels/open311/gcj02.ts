/**
 * GCJ-02 ("Mars coordinates", the obfuscated datum every map app in China returns) ↔ WGS84.
 * Open311 speaks WGS84; clients that take their position from a Chinese map SDK send GCJ-02,
 * which is 300–700 m off. The forward transform is the published one (Krasovsky ellipsoid);
 * the inverse has no closed form, so it is found by fixed-point iteration.
 */

export type TLatLng = { lat: number; lng: number };

const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.006693421622965943; // its eccentricity squared

/** The offset applies only inside (a bounding box of) China; elsewhere both datums agree. */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** The GCJ-02 offset at a WGS84 point, in degrees. */
function offset(lat: number, lng: number): TLatLng {
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: dLat, lng: dLng };
}

export function wgs84ToGcj02(p: TLatLng): TLatLng {
  if (outOfChina(p.lat, p.lng)) return { ...p };
  const d = offset(p.lat, p.lng);
  return { lat: p.lat + d.lat, lng: p.lng + d.lng };
}

/**
 * GCJ-02 → WGS84 by iteration: start from the one-step estimate and correct by the residual of
 * the forward transform until it is below 1e-9° (≈ 0.1 mm); it converges in a handful of steps.
 */
export function gcj02ToWgs84(p: TLatLng): TLatLng {
  if (outOfChina(p.lat, p.lng)) return { ...p };
  const first = offset(p.lat, p.lng);
  let lat = p.lat - first.lat;
  let lng = p.lng - first.lng;
  for (let i = 0; i < 30; i++) {
    const g = wgs84ToGcj02({ lat, lng });
    const dLat = p.lat - g.lat;
    const dLng = p.lng - g.lng;
    lat += dLat;
    lng += dLng;
    if (Math.abs(dLat) < 1e-9 && Math.abs(dLng) < 1e-9) break;
  }
  return { lat, lng };
}
