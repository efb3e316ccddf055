using SegmentS2.Output;

namespace SegmentS2.Tests.Output;

public class OutputPathsTests
{
    [Theory]
    [InlineData("../../etc/passwd", "_.._etc_passwd")]
    [InlineData("..", "_")]
    [InlineData("S2A_MSIL2A_20200219T112111_R037_T29RKH", "S2A_MSIL2A_20200219T112111_R037_T29RKH")]
    [InlineData("a/b\\c:d*e?f", "a_b_c_d_e_f")]
    [InlineData("", "_")]
    public void Sanitize_keeps_only_safe_characters(string id, string expected)
        => Assert.Equal(expected, OutputPaths.Sanitize(id));

    [Fact]
    public void Combined_paths_stay_inside_the_output_folder()
    {
        string root = Path.Combine(Path.GetTempPath(), "segment-s2-paths");
        foreach (var hostile in new[] { "../x", "/etc/passwd", "..\\..\\x", "....//....//x", "\u0000evil" })
        {
            string path = OutputPaths.Combine(root, hostile);
            Assert.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, path);
            Assert.Equal(Path.GetFullPath(root), Path.GetDirectoryName(path));
        }
    }
}
