/**
 * Gives `target` methods that call the same-named methods of one of its areas (`this[area]`), so a
 * facade exposes an area's API without restating each signature; pair it with an interface that
 * declares them (`interface ZIM extends Pick<Groups, ...>`) for the types.
 */
export function delegate(target: { prototype: object }, area: string, methods: readonly string[]): void {
  for (const name of methods) {
    Object.defineProperty(target.prototype, name, {
      configurable: true,
      writable: true,
      value: function (
        this: Record<string, Record<string, (...args: unknown[]) => unknown>>,
        ...args: unknown[]
      ) {
        const module = this[area];
        const method = module?.[name];
        if (!module || !method) throw new Error(`ZIM.${name}: no ${area} module`);
        return method.apply(module, args);
      },
    });
  }
}
