/** Runs in Node before the workerd tests: nothing to start yet. */
export default function setup(): void {}
