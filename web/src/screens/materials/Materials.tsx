// Placeholder: replaced by the screen itself.
export default function Materials({ rest }: { rest: string }) {
  return <h1 data-args={String([rest])}>Materials</h1>;
}
