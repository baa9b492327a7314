import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '../../src/channels/open311/gcj02';
import { escapeXml, toOpen311Datetime, toXml } from '../../src/channels/open311/open311-format';
import { parseXml } from './open311.fixtures';

/** Published vectors of the reference implementation (googollee/eviltransform): WGS84 → GCJ-02. */
const VECTORS = [
  { name: 'Shanghai', wgs: [31.1774276, 121.5272106], gcj: [31.17530398364597, 121.531541859215] },
  { name: 'Shenzhen', wgs: [22.543847, 113.912316], gcj: [22.540796131694766, 113.9171764808363] },
  { name: 'Beijing', wgs: [39.911954, 116.377817], gcj: [39.91334545536069, 116.38404722455657] },
] as const;

/** Metres between two nearby points (equirectangular; fine at these distances). */
function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const k = (Math.PI / 180) * 6371000;
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180)) * k;
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y);
}

describe('GCJ-02 ↔ WGS84', () => {
  test.each(VECTORS)('the forward transform reproduces the published $name vector', ({ wgs, gcj }) => {
    const g = wgs84ToGcj02({ lat: wgs[0], lng: wgs[1] });
    expect(g.lat).toBeCloseTo(gcj[0], 9);
    expect(g.lng).toBeCloseTo(gcj[1], 9);
  });

  test.each(VECTORS)(
    'the iterative inverse recovers the $name WGS84 point to a millimetre',
    ({ wgs, gcj }) => {
      const w = gcj02ToWgs84({ lat: gcj[0], lng: gcj[1] });
      expect(metres(w, { lat: wgs[0], lng: wgs[1] })).toBeLessThan(0.001);
    },
  );

  test('a GCJ-02 position of 天宁寺 (Changzhou) from a Chinese map converts to the WGS84 point a few hundred metres away', () => {
    // 天宁寺, 延陵东路, roughly where a Gaode/Tencent map puts it (GCJ-02). The exact figures
    // below are the reference algorithm's (checked against the published vectors above);
    // around Changzhou GCJ-02 lies about 0.0048° east and 0.002° south of WGS84 (≈ 500 m).
    const gcj = { lat: 31.77769, lng: 119.98302 };
    const wgs = gcj02ToWgs84(gcj);
    expect(wgs.lng).toBeCloseTo(119.978263, 5);
    expect(wgs.lat).toBeCloseTo(31.779714, 5);
    expect(metres(gcj, wgs)).toBeGreaterThan(300);
    expect(metres(gcj, wgs)).toBeLessThan(700);
    // And it is the exact inverse: transforming back lands on the input.
    expect(metres(wgs84ToGcj02(wgs), gcj)).toBeLessThan(0.001);
  });

  test('points outside China are left as they are', () => {
    expect(outOfChina(48.8566, 2.3522)).toBe(true);
    expect(gcj02ToWgs84({ lat: 48.8566, lng: 2.3522 })).toEqual({ lat: 48.8566, lng: 2.3522 });
    expect(wgs84ToGcj02({ lat: -33.86, lng: 151.2 })).toEqual({ lat: -33.86, lng: 151.2 });
  });
});

describe('Open311 output format', () => {
  test('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('ok\u0000\u0007\uFFFE\uD800 done\t\n')).toBe('ok done\t\n');
    expect(escapeXml('井盖 🚧')).toBe('井盖 🚧');
  });

  test('writes lists as root/item documents that parse back to the same values', () => {
    const xml = toXml('service_requests', 'request', [
      { service_request_id: '20240506000001', status_notes: '<b>&"\u0001', lat: 31.5, account_id: null },
    ]);
    const doc = parseXml(xml);
    expect(doc.tag).toBe('service_requests');
    const req = doc.children[0]!;
    expect(req.tag).toBe('request');
    expect(req.children.map((c) => [c.tag, c.text])).toEqual([
      ['service_request_id', '20240506000001'],
      ['status_notes', '<b>&"'],
      ['lat', '31.5'],
      ['account_id', null],
    ]);
    expect(toXml('services', 'service', [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services/>\n');
  });

  test('writes datetimes in China time with their zone', () => {
    expect(toOpen311Datetime(new Date('2024-05-06T01:30:05.123Z'))).toBe('2024-05-06T09:30:05+08:00');
    expect(toOpen311Datetime(new Date('2024-12-31T20:00:00Z'))).toBe('2025-01-01T04:00:00+08:00');
    expect(toOpen311Datetime(null)).toBeNull();
  });
});
