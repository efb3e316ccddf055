using System.Text.RegularExpressions;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Architecture;

/// <summary>
/// The library's namespaces (SegmentS2.X, sub-namespaces folded into X) depend on each other without a cycle: read from
/// the sources' <c>using</c> directives and fully qualified names outside comments.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Fact]
    public void No_two_namespaces_of_the_library_depend_on_each_other()
    {
        var edges = Dependencies();

        Assert.Contains("SegmentS2.Pipeline", edges["SegmentS2.Workflow"]); // the scan sees real dependencies
        Assert.Contains("SegmentS2.Workflow", edges["SegmentS2.Batch"]);
        var cycles = Cycles(edges);
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c => string.Join(" -> ", c))));
    }

    [Fact]
    public void The_scan_finds_a_cycle_when_there_is_one()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };

        var cycle = Assert.Single(Cycles(edges));
        Assert.Equal(["A", "B", "C"], cycle.Order());
    }

    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var edges = new Dictionary<string, HashSet<string>>();
        string source = Path.Combine(RepositoryRoot.Path, "src", "SegmentS2");
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string code = Comments().Replace(File.ReadAllText(file), "");
            var ns = NamespaceDeclaration().Match(code);
            if (!ns.Success)
            {
                continue;
            }

            string own = Fold(ns.Groups[1].Value);
            var targets = edges.TryGetValue(own, out var set) ? set : edges[own] = [];
            foreach (Match m in UsingDirective().Matches(code))
            {
                targets.Add(Fold(m.Groups[1].Value));
            }

            foreach (Match m in QualifiedName().Matches(code))
            {
                targets.Add(Fold(m.Groups[1].Value));
            }

            targets.Remove(own);
            targets.Remove("SegmentS2");
        }

        return edges;
    }

    private static string Fold(string ns) => string.Join('.', ns.Split('.').Take(2));

    // Tarjan's strongly connected components with more than one namespace.
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in edges.GetValueOrDefault(v, []))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add(component);
                }
            }
        }

        foreach (var v in edges.Keys.ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^namespace (SegmentS2(?:\.\w+)*)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^using (?:static )?(SegmentS2(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"(?<![\w.])(SegmentS2\.[A-Z]\w*)\.[A-Z]")]
    private static partial Regex QualifiedName();
}
