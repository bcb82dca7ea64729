/** The branch list as a tree (head office → departments, branches → sub-branches). */
import { TreeSelect, type TreeSelectProps } from 'antd';
import type { Id } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { showError } from '../shell/feedback';
import { accessApi, type Branch, type BranchKind } from './api';

export interface BranchNode extends Branch {
  children?: BranchNode[];
}

const KIND_ORDER: Record<BranchKind, number> = { HEAD_OFFICE: 0, DEPARTMENT: 1, BRANCH: 2, SUB_BRANCH: 3 };

export function buildBranchTree(items: readonly Branch[]): BranchNode[] {
  const byId = new Map<string, BranchNode>();
  for (const b of items) byId.set(String(b.id), { ...b });
  const roots: BranchNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId === null || node.parentId === undefined ? undefined : byId.get(String(node.parentId));
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: BranchNode[]) => {
    nodes.sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.code.localeCompare(b.code));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

export function allKeys(nodes: readonly BranchNode[]): string[] {
  return nodes.flatMap((n) => [String(n.id), ...allKeys(n.children ?? [])]);
}

interface SelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: SelectNode[];
}

function toSelectNodes(nodes: readonly BranchNode[], disableInactive: boolean): SelectNode[] {
  return nodes.map((n) => ({
    value: String(n.id),
    title: `${n.name}（${n.code}）`,
    disabled: disableInactive && n.status !== 'ACTIVE',
    children: n.children ? toSelectNodes(n.children, disableInactive) : undefined,
  }));
}

export function useBranches() {
  return useAsync((signal) => accessApi.branches(signal), [], { onError: showError });
}

type Props = Omit<TreeSelectProps, 'treeData' | 'value' | 'onChange'> & {
  value?: Id | null;
  onChange?: (value: string | undefined) => void;
  branches: readonly Branch[] | undefined;
  /** Disabled branches cannot be chosen (for assignments); filters may still pick them. */
  disableInactive?: boolean;
};

export function BranchTreeSelect({ value, onChange, branches, disableInactive = false, ...rest }: Props) {
  const tree = toSelectNodes(buildBranchTree(branches ?? []), disableInactive);
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      {...rest}
      value={value === null || value === undefined ? undefined : String(value)}
      onChange={(v: unknown) => onChange?.(v === null || v === undefined ? undefined : String(v))}
      treeData={tree}
    />
  );
}
