// Placeholder: replaced by the screen itself.
export default function RecipeDetail({ id }: { id: string }) {
  return <h1 data-args={String([id])}>RecipeDetail</h1>;
}
