// Placeholder: replaced by the screen itself.
export default function Builder({ id, version }: { id: string; version: string }) {
  return <h1 data-args={String([id, version])}>Builder</h1>;
}
