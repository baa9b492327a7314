/**
 * Where the demo history happens: roads and residential communities (小区 / 新村) of each street
 * in org-data, and the names citizens mention (shops, schools, hospitals, bus lines). Each road
 * and community belongs to one street, so a model can learn that 龙锦路 is 青龙街道's.
 */

/** Street unit code → its roads and communities. */
export const STREET_PLACES: Readonly<
  Record<string, { roads: readonly string[]; communities: readonly string[] }>
> = {
  tn_diaozhuang: {
    roads: ['雕庄路', '丽华北路', '中吴大道', '和平北路', '采菱路'],
    communities: ['雕庄新村', '丽华三村', '景秀世家', '富都家园', '采菱新村'],
  },
  tn_qinglong: {
    roads: ['龙锦路', '青洋北路', '龙城大道', '青龙东路', '东经120路'],
    communities: ['龙锦新村', '青龙苑', '东方新村', '凤凰名城', '青龙花园'],
  },
  tn_chashan: {
    roads: ['劳动东路', '常澄路', '清凉路', '丽华南路', '东方东路'],
    communities: ['丽华新村', '翠竹新村', '东青新村', '清凉新村', '锦绣东苑'],
  },
  tn_hongmei: {
    roads: ['红梅西路', '关河东路', '飞龙路', '新丰街', '红梅南路'],
    communities: ['红梅新村', '北环新村', '红梅花园', '朝阳新村', '丽景花园'],
  },
  zl_nandajie: {
    roads: ['南大街', '延陵西路', '双桂坊', '北大街', '晋陵中路'],
    communities: ['青果巷小区', '椿庭街小区', '西瀛里小区', '南大街花园', '化龙巷小区'],
  },
  zl_hehuachi: {
    roads: ['怀德北路', '广化街', '荷花池路', '西直街', '和平中路'],
    communities: ['荷花池新村', '广化新村', '文化宫小区', '怀德苑', '西仓桥小区'],
  },
  zl_wuxing: {
    roads: ['星港路', '永宁路', '清潭路', '新闸路', '玉龙南路'],
    communities: ['五星新村', '清潭新村', '星港花园', '永宁家园', '锦绣江南'],
  },
  zl_yonghong: {
    roads: ['勤业路', '花园街', '怀德南路', '西横街', '长江路'],
    communities: ['永红新村', '花园新村', '勤业新村', '蓝色港湾', '怀德南苑'],
  },
  xb_sanjing: {
    roads: ['太湖东路', '通江中路', '锦绣路', '三井路', '龙锦西路'],
    communities: ['三井花园', '世茂香槟湖', '锦绣江南新村', '太湖明珠苑', '新城公馆'],
  },
  xb_hehai: {
    roads: ['汉江路', '河海中路', '嫩江路', '黄河西路', '长江北路'],
    communities: ['汉江花园', '河海新村', '香树湾', '嫩江小区', '百草园'],
  },
  xb_longhutang: {
    roads: ['辽河路', '通江大道', '龙虎塘路', '创业西路', '晋陵北路'],
    communities: ['百馨西苑', '龙虎塘新村', '辽河新村', '春江花园', '新桥花园'],
  },
  wj_hutang: {
    roads: ['人民中路', '花园街', '延政中路', '长沟路', '湖滨路'],
    communities: ['湖塘新村', '花园新村', '府东花园', '长沟新村', '吾悦华府'],
  },
  wj_nanxiashu: {
    roads: ['常武中路', '鸣新中路', '南夏墅路', '大学城路', '南湖路'],
    communities: ['南夏墅新村', '鸣珂巷小区', '大学城公寓', '南湖雅苑', '新城南都'],
  },
  jt_xicheng: {
    roads: ['金坛大道', '南环一路', '西门大街', '华城路', '丹阳门路'],
    communities: ['西城花园', '华城新村', '丹阳门小区', '金沙苑', '西门新村'],
  },
  jt_dongcheng: {
    roads: ['东门大街', '华阳路', '愚池路', '南洲路', '虹桥路'],
    communities: ['南洲花苑', '愚池湾', '东城新村', '华阳新村', '虹桥小区'],
  },
  ly_licheng: {
    roads: ['燕山中路', '平陵路', '罗湾路', '南大街', '天目湖路'],
    communities: ['燕山新村', '平陵花园', '罗湾小区', '南门新村', '溧城家园'],
  },
  ly_kunlun: {
    roads: ['昆仑北路', '育才路', '燕湖路', '昆仑南路', '康平路'],
    communities: ['昆仑新村', '育才小区', '燕湖花园', '康平苑', '昆仑嘉园'],
  },
};

/** District unit code → its street unit codes (as in org-data). */
export const DISTRICT_STREETS: Readonly<Record<string, readonly string[]>> = {
  tn: ['tn_diaozhuang', 'tn_qinglong', 'tn_chashan', 'tn_hongmei'],
  zl: ['zl_nandajie', 'zl_hehuachi', 'zl_wuxing', 'zl_yonghong'],
  xb: ['xb_sanjing', 'xb_hehai', 'xb_longhutang'],
  wj: ['wj_hutang', 'wj_nanxiashu'],
  jt: ['jt_xicheng', 'jt_dongcheng'],
  ly: ['ly_licheng', 'ly_kunlun'],
};

/** How many of the calls come from each district (the urban districts call most). */
export const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  tn: 20,
  zl: 20,
  xb: 19,
  wj: 23,
  jt: 9,
  ly: 9,
};

/** Names citizens mention, by slot. Fictional shops and companies; public places as they are. */
export const POOLS: Readonly<Record<string, readonly string[]>> = {
  food: [
    '老王面馆',
    '阿林烧烤',
    '聚福楼饭店',
    '小杨生煎',
    '川味小厨',
    '蟹黄汤包馆',
    '好味快餐',
    '江南人家酒楼',
  ],
  store: ['好邻居便利店', '鑫源超市', '惠民百货', '佳佳乐超市', '金鑫五金店', '阳光母婴店', '宏达家电城'],
  salon: ['美丽佳人美发店', '丝域造型', '悦容美容院', '木子美甲店', '时尚剪艺'],
  gym: ['力美健身房', '动感健身会所', '乐活游泳馆', '星辰瑜伽馆'],
  pharmacy: ['百姓大药房', '康德药房', '仁和堂药店', '济民大药房'],
  training: ['启航教育', '优学培训中心', '小天才艺术培训', '博雅书法培训'],
  company: [
    '常州恒达机械有限公司',
    '常州新锐电子有限公司',
    '常州华鼎物流有限公司',
    '常州宏远建设工程有限公司',
    '常州天成纺织有限公司',
    '常州佳和餐饮管理有限公司',
  ],
  amount: ['两千元', '三千多元', '五千元', '八千元', '一万两千元', '六百元', '一千五百元'],
  hospital: [
    '市第一人民医院',
    '市第二人民医院',
    '市中医医院',
    '市儿童医院',
    '武进人民医院',
    '金坛区人民医院',
    '溧阳市人民医院',
  ],
  school: ['局前街小学', '觅渡桥小学', '龙城小学', '新北区实验小学', '湖塘实验中学', '金坛华罗庚中学'],
  bus: ['2', '7', '11', '15', '21', '32', '45', '68', 'B1', 'B12', '302', '39'],
  plate: ['苏D3T5X2', '苏DA8K17', '苏D9Q2M6', '苏DF5L30', '苏D7H8W1'],
  estate: ['锦绣华府', '天宁悦府', '运河名著', '龙城印象', '新城春风', '湖畔壹号', '金坛御园'],
  river: ['北塘河', '关河', '南运河', '澡港河', '采菱港', '武南河', '丹金溧漕河'],
  park: ['红梅公园', '东坡公园', '青枫公园', '紫荆公园', '荆川公园', '新北中央公园'],
  scenic: ['中华恐龙园', '天目湖', '淹城春秋乐园', '茅山', '南山竹海', '东方盐湖城'],
  highway: ['312国道', '239省道', '常金大道', '新长线', '扬溧高速连接线'],
  market: ['花园菜场', '清潭菜场', '勤业菜场', '雕庄菜场', '湖塘农贸市场', '西门菜场'],
  nursing: ['夕阳红颐养院', '康乐养老院', '福寿护理院', '安康老年公寓'],
  product: ['电动车', '热水器', '空调', '洗衣机', '电饭煲', '净水器', '抽油烟机'],
  station: ['文化宫', '常州火车站', '南大街', '天宁寺', '茶山', '湖塘', '常州北站'],
  village: ['塘洋村', '卜弋村', '河头村', '前黄村', '薛埠村', '社渚村'],
  time: ['每天晚上十点以后', '凌晨两三点', '早上五点多', '每天中午', '半夜十二点'],
  days: ['两三天', '一个星期', '好几天', '半个多月', '十来天'],
  unit: ['市城管局', '市住建局', '市人社局', '市民政局', '雕庄街道', '湖塘镇'],
  cemetery: ['青龙公墓', '西林公墓', '南山公墓'],
};

/** Opening words an agent writes before what the citizen said, by channel. */
export const OPENERS: Readonly<Record<'phone' | 'online', readonly string[]>> = {
  phone: ['来电人反映：', '市民来电反映，', '来电反映：', '', '', '市民反映：', '来电称', '来电人称，'],
  online: ['网友留言：', '', '', '市民留言反映：', '网民反映：'],
};
export const CLOSERS: readonly string[] = [
  '请相关部门尽快处理。',
  '希望尽快解决。',
  '要求核实处理并回复。',
  '',
  '',
  '请予以处理。',
  '望有关部门重视。',
  '请尽快派人查看。',
];
/** What a citizen says when calling again about the same matter. */
export const FOLLOW_UPS: readonly string[] = [
  '前几天已经反映过，到现在还没有人处理，',
  '之前打过电话，问题还是没有解决，',
  '上次反映的问题至今没人管，',
  '再次反映：',
  '又来电催问，',
  '已经是第二次反映了，',
];

/** Calls per category group: city management, housing and consumer complaints dominate. */
export const GROUP_WEIGHTS: Readonly<Record<string, number>> = {
  '01': 22,
  '02': 14,
  '03': 16,
  '04': 6,
  '05': 7,
  '06': 7,
  '07': 4,
  '08': 4,
  '09': 5,
  '10': 3,
  '11': 8,
  '12': 0.8,
  '13': 0.7,
  '14': 3,
};
/** Calls by hour of the day (China time): office hours and the evening after work. */
export const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 0.3],
  [1, 0.2],
  [2, 0.1],
  [3, 0.1],
  [4, 0.1],
  [5, 0.2],
  [6, 0.6],
  [7, 2],
  [8, 7],
  [9, 10],
  [10, 10],
  [11, 8],
  [12, 5],
  [13, 6],
  [14, 9],
  [15, 9],
  [16, 8],
  [17, 6],
  [18, 4],
  [19, 4],
  [20, 3],
  [21, 2],
  [22, 1],
  [23, 0.6],
];
