// Placeholder: filled in by its own change.
export default function Audit(_props: Record<string, unknown>) {
  return <p>Audit</p>;
}
