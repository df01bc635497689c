// Placeholder: filled in by its own change.
export default function Admin(_props: Record<string, unknown>) {
  return <p>Admin</p>;
}
