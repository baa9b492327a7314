/**
 * Chinese strings of the agent desk (issue #5): keyboard-first ticket entry and the screen pop.
 * Spread into `zh.ts`, so the keys are ordinary message keys.
 */
export const zhDesk = {
  'entry.key.save': '登记',
  'entry.key.saveAndNew': '登记并新建',
  'entry.key.newEntry': '新建',
  'entry.key.esc': '关闭弹出框',
  'entry.saveAndNew': '登记并新建',
  'entry.saved': '工单 {no} 已登记',
  'entry.savedOpen': '查看',
  'entry.savedBefore': '上一张工单已登记：',
  'entry.dismiss': '关闭提示',
  'entry.confidential': '保密工单',
  'entry.confidential12388': '12388 纪检监察举报 · 保密',
  'entry.confidentialQuiet':
    '内容仅纪委监委和指定人员可见；填写时不查询重复工单、智能推荐和知识库，文字在登记前不离开本页。',
  'entry.discardTitle': '放弃正在填写的工单？',
  'entry.discardBody': '已填写的内容将被清空，开始登记新的工单。',
  'entry.discardOk': '放弃并新建',

  'calls.conversations': '进行中的网络诉求',
  'calls.unanswered': '{n} 条未回复',
  'calls.noPreview': '（非文字消息）',
  'calls.dismiss': '关闭来电弹屏',
} as const;
