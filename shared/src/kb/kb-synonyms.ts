/**
 * Words citizens use for what articles call otherwise (电瓶车 for 电动自行车, 太吵 for 噪声):
 * a query holding one member of a group also searches for the others. Query side only, so
 * changing this list needs no re-indexing. Keep groups to true equivalents: a loose one
 * (电动车 is also an electric car) costs precision everywhere.
 */
export const KB_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['噪声', '噪音', '吵', '扰民'],
  ['燃气', '煤气', '天然气'],
  ['电动自行车', '电瓶车'],
  ['落户', '上户口', '报户口', '户口登记'],
  ['工资', '工钱', '薪水', '欠薪'],
  ['营业执照', '执照'],
  ['个人所得税', '个税'],
  ['社保卡', '社会保障卡'],
  ['医保', '医疗保险'],
  ['违法建设', '违章建筑', '违建', '私搭乱建'],
  ['流浪犬', '流浪狗'],
  ['出租车', '的士', '打车'],
  ['施教区', '学区', '划片'],
  ['下水道', '排水', '窨井'],
  ['宽带', '断网'],
  ['停电', '没电'],
  ['停水', '没水'],
  ['养老金', '退休金'],
  ['高龄津贴', '尊老金'],
  ['占道经营', '摆摊', '摊贩'],
];

/** The other members of every group the (normalised) text mentions. */
export function kbSynonymsOf(normalizedText: string): string[] {
  const extra: string[] = [];
  for (const group of KB_SYNONYM_GROUPS) {
    if (!group.some((w) => normalizedText.includes(w))) continue;
    for (const w of group) if (!normalizedText.includes(w)) extra.push(w);
  }
  return extra;
}
