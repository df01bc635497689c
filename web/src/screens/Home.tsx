// Placeholder: filled in by its own change.
export default function Home(_props: Record<string, unknown>) {
  return <p>Home</p>;
}
