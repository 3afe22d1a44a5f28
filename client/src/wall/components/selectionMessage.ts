import type { Selection } from '../state/selection.js';

/** A line for the status panel about the URL's `?area=`, or null when there is nothing to say. */
export function selectionMessage(selection: Selection): string | null {
  switch (selection.status) {
    case 'none':
      return null;
    case 'invalid':
      return `地址参数 area 无效：${selection.reason}`;
    case 'pending':
      return `正在加载区域 ${selection.code} …`;
    case 'unknown':
      return `未找到区域 ${selection.code}`;
    case 'found':
      return `选中 ${selection.feature.properties.name}（${selection.code}）`;
  }
}
