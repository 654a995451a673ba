/** Runs a Node-style callback API as a promise of its result. */
export function nodeCallback<T = void>(run: (done: (err: unknown, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, result) => (err ? reject(err) : resolve(result as T))));
}
