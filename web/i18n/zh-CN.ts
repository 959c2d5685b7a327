/** Chinese labels, the default locale of the wall. */
export default {
  app: { title: '网格化社会治理指挥中心', subtitle: '一张图' },
  connection: { live: '实时', stale: '数据滞后', offline: '连接中断', connecting: '连接中' },
  header: { lastUpdate: '最近更新', never: '尚无数据', ago: '{n}秒前' },
  panels: {
    incidentsToday: '今日事件',
    latestIncidents: '最新事件',
  },
  kpi: { reported: '今日上报' },
  chart: { today: '今日', yesterday: '昨日', hourUnit: '时', countUnit: '件' },
  incidents: { empty: '今日暂无事件', severity: '{n}级' },
  category: {
    'illegal-parking': '乱停乱放',
    'sewer-blockage': '下水管道堵塞',
    'garbage': '垃圾清理',
    'fire-hazard': '消防隐患',
    'dispute': '矛盾纠纷',
    'safety-hazard': '安全隐患',
    'sanitation': '环境卫生',
    'illegal-construction': '乱搭乱建',
    'group-rental': '群租房',
  },
  source: { grid: '网格员上报', hotline: '12345热线', snapshot: '随手拍', camera: '视频告警', linkage: '110联动' },
  stale: { panel: '数据已 {age} 未更新' },
  protocol: { reload: '服务器已升级，请刷新页面' },
  units: { count: '件' },
};
