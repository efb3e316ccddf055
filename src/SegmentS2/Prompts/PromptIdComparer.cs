namespace SegmentS2.Prompts;

/// <summary>
/// Orders prompt ids as the reference's <c>groupby("prompt_id")</c> does: integers numerically when every id is an
/// integer; otherwise every id as text (integers as their decimal text, since GDAL types a mixed column as String),
/// compared by Unicode code point like Python's <c>str</c>.
/// </summary>
internal sealed class PromptIdComparer : IComparer<string>
{
    public static readonly PromptIdComparer CodePoint = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            bool hasA = a.MoveNext(), hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            int c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }
}
