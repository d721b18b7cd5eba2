import type { XmlElement } from '../xml/tree';

/** Every element of the subtree of `top` (itself first) in document order, without recursion (depth is
 * caller-configurable in the parser, the call stack is not). */
export function* elementsOf(top: XmlElement): Generator<XmlElement> {
  const pending: XmlElement[] = [top];
  for (let e = pending.pop(); e !== undefined; e = pending.pop()) {
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (c.kind === 'element') pending.push(c);
    }
  }
}

/** Whether `node` is `ancestor` or inside it (by document order, no walk). */
export function within(node: { readonly order: number }, ancestor: XmlElement): boolean {
  return node.order >= ancestor.order && node.order <= ancestor.lastOrder;
}
