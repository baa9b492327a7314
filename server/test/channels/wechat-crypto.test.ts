import {
  decryptWechatMessage,
  encryptWechatMessage,
  signatureMatches,
  WechatCryptoError,
  wechatAesKey,
  wechatSignature,
} from '../../src/channels/wechat/wechat-crypto';
import { toWechatMessage, wechatDedupeKey } from '../../src/channels/wechat/wechat-message';
import { buildWechatXml, parseWechatXml, WechatXmlError } from '../../src/channels/wechat/wechat-xml';
import { OFFICIAL } from './wechat-client';

const keys = { encodingAesKey: OFFICIAL.encodingAESKey, appId: OFFICIAL.appId };

describe('WeChat safe-mode crypto on the official WXBizMsgCrypt vector', () => {
  test('decrypts the official Encrypt to exactly the official message, with its random prefix', () => {
    const { xml, randomPrefix } = decryptWechatMessage(OFFICIAL.encrypt, keys);
    expect(xml).toBe(OFFICIAL.decrypted);
    expect(randomPrefix.toString('latin1')).toBe(OFFICIAL.randomPrefix);
  });

  test('re-encrypts the official message with its random prefix byte for byte', () => {
    const encrypt = encryptWechatMessage(OFFICIAL.decrypted, {
      ...keys,
      randomPrefix: Buffer.from(OFFICIAL.randomPrefix, 'latin1'),
    });
    expect(encrypt).toBe(OFFICIAL.encrypt);
  });

  test('computes the official msg_signature over sorted token, timestamp, nonce and Encrypt', () => {
    const sig = wechatSignature([OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce, OFFICIAL.encrypt]);
    expect(sig).toBe(OFFICIAL.msgSignature);
    expect(signatureMatches(OFFICIAL.msgSignature.toUpperCase(), sig)).toBe(true);
    expect(signatureMatches(`${OFFICIAL.msgSignature.slice(0, -1)}0`, sig)).toBe(false);
    expect(signatureMatches('é'.repeat(20), sig)).toBe(false);
    expect(signatureMatches(undefined, sig)).toBe(false);
  });

  test('derives the 32-byte key from EncodingAESKey and pads to 32-byte blocks', () => {
    expect(wechatAesKey(OFFICIAL.encodingAESKey)).toHaveLength(32);
    for (const len of [0, 1, 11, 12, 13, 44, 45, 300]) {
      const xml = 'x'.repeat(len);
      const enc = encryptWechatMessage(xml, keys);
      // 16 + 4 + len + appId, padded with 1..32 bytes to a multiple of 32
      const plainLen = 20 + len + OFFICIAL.appId.length;
      expect(Buffer.from(enc, 'base64').length).toBe(plainLen + (32 - (plainLen % 32)));
      expect(decryptWechatMessage(enc, keys).xml).toBe(xml);
    }
  });

  test('refuses a message encrypted for another app id, and malformed ciphertexts, with a reason', () => {
    const other = encryptWechatMessage(OFFICIAL.decrypted, { ...keys, appId: 'wx0000000000000000' });
    expect(() => decryptWechatMessage(other, keys)).toThrow(
      expect.objectContaining({ reason: 'wrong_app' }) as unknown as Error,
    );
    const bad = ['not base64!', 'AAAA', 'A'.repeat(43), Buffer.alloc(64, 7).toString('base64'), ''];
    for (const b of bad) {
      let err: unknown;
      try {
        decryptWechatMessage(b, keys);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WechatCryptoError);
      expect((err as WechatCryptoError).reason).toBe('malformed');
    }
  });
});

describe('WeChat XML', () => {
  test('parses the official message, keeping MsgId above 2^53 as a string', () => {
    const fields = parseWechatXml(OFFICIAL.decrypted);
    expect(fields).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
    const r = toWechatMessage(fields);
    expect(r.ok && r.message.msgId).toBe('6054768590064713728');
    expect(r.ok && wechatDedupeKey(r.message)).toBe('msg:6054768590064713728');
  });

  test('flattens nested event blocks and decodes entities', () => {
    const fields = parseWechatXml(
      '<?xml version="1.0"?>\n<xml><MsgType>event</MsgType><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>' +
        '<ScanResult>a&amp;b&#x4E2D;</ScanResult></ScanCodeInfo><Empty/></xml>',
    );
    expect(fields).toEqual({
      MsgType: 'event',
      'ScanCodeInfo.ScanType': 'qrcode',
      'ScanCodeInfo.ScanResult': 'a&b中',
      Empty: '',
    });
  });

  test('round-trips CDATA that contains the CDATA terminator', () => {
    const xml = buildWechatXml([
      ['Content', 'a]]>b<c>&'],
      ['CreateTime', 12],
    ]);
    expect(parseWechatXml(xml)).toEqual({ Content: 'a]]>b<c>&', CreateTime: '12' });
  });

  test.each([
    ['empty', ''],
    ['not xml', '{"a":1}'],
    ['wrong root', '<doc><A>1</A></doc>'],
    ['unclosed', '<xml><A>1</A>'],
    ['mismatched', '<xml><A>1</B></xml>'],
    ['attributes', '<xml><A x="1">1</A></xml>'],
    ['text between elements', '<xml>hi<A>1</A></xml>'],
    ['duplicate envelope tag', '<xml><A>1</A><A>2</A></xml>'],
    ['unterminated CDATA', '<xml><A><![CDATA[1</A></xml>'],
    ['bad entity', '<xml><A>&nbsp;</A></xml>'],
    ['comment', '<xml><!-- x --><A>1</A></xml>'],
    ['doctype', '<!DOCTYPE xml [<!ENTITY e "x">]><xml><A>&e;</A></xml>'],
    ['trailing content', '<xml><A>1</A></xml><xml/>'],
    ['too deep', '<xml><a><b><c><d><e>1</e></d></c></b></a></xml>'],
  ])('refuses malformed XML: %s', (_name, xml) => {
    expect(() => parseWechatXml(xml)).toThrow(WechatXmlError);
  });
});
