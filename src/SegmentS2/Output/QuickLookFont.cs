using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SegmentS2.Output;

/// <summary>
/// A 3 x 5 pixel bitmap font for the quick-look's legend: digits, letters (lower case drawn as upper case) and
/// <c>- _ . :</c>; any other character is drawn as <c>?</c>. No font files, no text rendering library.
/// </summary>
internal static class QuickLookFont
{
    public const int GlyphWidth = 3;
    public const int GlyphHeight = 5;

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = "111101101101111", ['1'] = "010110010010111", ['2'] = "111001111100111", ['3'] = "111001111001111",
        ['4'] = "101101111001001", ['5'] = "111100111001111", ['6'] = "111100111101111", ['7'] = "111001001010010",
        ['8'] = "111101111101111", ['9'] = "111101111001111",
        ['A'] = "010101111101101", ['B'] = "110101110101110", ['C'] = "011100100100011", ['D'] = "110101101101110",
        ['E'] = "111100110100111", ['F'] = "111100110100100", ['G'] = "011100101101011", ['H'] = "101101111101101",
        ['I'] = "111010010010111", ['J'] = "001001001101010", ['K'] = "101101110101101", ['L'] = "100100100100111",
        ['M'] = "101111111101101", ['N'] = "110101101101101", ['O'] = "010101101101010", ['P'] = "110101110100100",
        ['Q'] = "010101101110011", ['R'] = "110101110101101", ['S'] = "011100010001110", ['T'] = "111010010010010",
        ['U'] = "101101101101111", ['V'] = "101101101101010", ['W'] = "101101111111101", ['X'] = "101101010101101",
        ['Y'] = "101101010010010", ['Z'] = "111001010100111",
        ['-'] = "000000111000000", ['_'] = "000000000000111", ['.'] = "000000000000010", [':'] = "000010000010000",
        [' '] = "000000000000000", ['?'] = "111001010000010",
    };

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (one blank column between glyphs).</summary>
    public static int Width(string text, int scale) => text.Length == 0 ? 0 : (text.Length * (GlyphWidth + 1) - 1) * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y); pixels outside the image are skipped.</summary>
    public static void Draw(Image<Rgba32> image, string text, int x, int y, int scale, Rgba32 color)
    {
        for (int i = 0; i < text.Length; i++)
        {
            string glyph = Glyphs.TryGetValue(char.ToUpperInvariant(text[i]), out var g) ? g : Glyphs['?'];
            int gx = x + i * (GlyphWidth + 1) * scale;
            for (int k = 0; k < glyph.Length; k++)
            {
                if (glyph[k] != '1')
                {
                    continue;
                }

                int px = gx + k % GlyphWidth * scale, py = y + k / GlyphWidth * scale;
                for (int dy = 0; dy < scale; dy++)
                {
                    for (int dx = 0; dx < scale; dx++)
                    {
                        if ((uint)(px + dx) < (uint)image.Width && (uint)(py + dy) < (uint)image.Height)
                        {
                            image[px + dx, py + dy] = color;
                        }
                    }
                }
            }
        }
    }
}
