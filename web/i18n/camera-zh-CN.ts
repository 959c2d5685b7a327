/** The camera player's labels, zh-CN. */
export default {
  title: '视频监控',
  close: '关闭',
  loading: '正在连接视频…',
  retrying: '正在重新连接视频（第 {n} 次，共 {max} 次）…',
  offline: '该摄像头当前离线',
  unsupported: '浏览器无法直接播放 {kind} 视频流',
  kinds: { hls: 'HLS', rtsp: 'RTSP', gb28181: 'GB/T 28181 国标' },
  pointer: '视频地址',
  channel: '国标通道编号',
  howToWatch: '查看方式',
  notFound: '未找到该摄像头，或不在您的辖区内',
  loadFailed: '无法获取视频信息（{detail}）',
  failed: {
    network: '视频流加载失败：网络不通或地址无效（{detail}）',
    media: '视频无法解码（{detail}）',
    unsupported: '此浏览器不支持 HLS 播放（{detail}）',
    other: '视频无法播放（{detail}）',
  },
  badUrl: '视频地址无效，浏览器不能加载',
};
