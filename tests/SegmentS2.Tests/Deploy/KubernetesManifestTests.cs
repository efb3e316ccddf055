using System.CommandLine;
using SegmentS2.Cli;
using SegmentS2.Cli.Commands;
using SegmentS2.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace SegmentS2.Tests.Deploy;

/// <summary>The Kubernetes manifests in deploy/kubernetes/ against the tool's own command-line parser and the Job API's rules.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes");

    [Fact]
    public void The_indexed_job_runs_batch_shards_whose_arguments_the_cli_parses_and_whose_paths_lie_on_the_mounted_volumes()
    {
        var job = Load("batch-job.yaml");
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        var spec = Map(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        int completions = int.Parse(Scalar(spec, "completions"), System.Globalization.CultureInfo.InvariantCulture);
        int parallelism = int.Parse(Scalar(spec, "parallelism"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(parallelism >= 1 && parallelism <= completions);
        Assert.True(int.Parse(Scalar(spec, "backoffLimitPerIndex"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var pod = Map(Map(spec, "template"), "spec");
        // backoffLimitPerIndex needs restartPolicy Never.
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = (YamlMappingNode)Assert.Single(Seq(pod, "containers"));
        var mounts = Seq(container, "volumeMounts").Cast<YamlMappingNode>().ToDictionary(m => Scalar(m, "name"), m => Scalar(m, "mountPath"));
        var volumes = Seq(pod, "volumes").Cast<YamlMappingNode>().Select(v => Scalar(v, "name")).ToHashSet();
        Assert.Subset(volumes, mounts.Keys.ToHashSet());

        // Kubernetes expands $(JOB_COMPLETION_INDEX) from the variable it sets in every pod of an Indexed Job.
        for (int index = 0; index < completions; index++)
        {
            string[] args = Seq(container, "args").Select(a => ((YamlScalarNode)a).Value!.Replace("$(JOB_COMPLETION_INDEX)", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
            var parse = CliApplication.CreateRootCommand().Parse(args);
            Assert.Empty(parse.Errors);
            Assert.Equal("batch", parse.CommandResult.Command.Name);
            Assert.Equal(completions.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(parse, "--shard-count"));
            Assert.Null(Value(parse, "--shard-index")); // from JOB_COMPLETION_INDEX
            Assert.Equal($"/output/shard-{index}", Value(parse, "--out"));
            Assert.StartsWith(mounts["output"] + "/", Value(parse, "--out"), StringComparison.Ordinal);
            Assert.Equal(mounts["models"], Value(parse, "--model-dir"));
            Assert.Null(Value(parse, "--encoder"));
            Assert.StartsWith(mounts["input"] + "/", Value(parse, "--prompts"), StringComparison.Ordinal);
            Assert.Equal("pc", Value(parse, "--source"));
        }

        // The model folder holds what tools/export-sam writes: the first names --model-dir looks for are the export's own.
        string modelType = Seq(container, "args").Select(a => ((YamlScalarNode)a).Value!).SkipWhile(a => a != "--model-type").ElementAt(1);
        string exportTool = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "export-sam", "export_sam.py"));
        Assert.Contains("f\"{args.model_type}_encoder.onnx\"", exportTool, StringComparison.Ordinal);
        Assert.Contains("f\"{args.model_type}_decoder.onnx\"", exportTool, StringComparison.Ordinal);
        Assert.Equal(($"{modelType}_encoder.onnx", $"{modelType}_decoder.onnx"), SegmentS2.Sam.Loading.SamModelFiles.CandidateNames(modelType)[0]);

        // The image's user can write: the pod's fsGroup is the image's non-root user, which owns the image's working folder.
        var security = Map(pod, "securityContext");
        Assert.Equal("1654", Scalar(security, "fsGroup"));
        Assert.Equal("1654", Scalar(security, "runAsUser"));
        string dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
        Assert.Contains("-r linux-x64", dockerfile, StringComparison.Ordinal);
        Assert.Contains("chown \"$APP_UID\" /work", dockerfile, StringComparison.Ordinal);
        Assert.Contains("WORKDIR /work", dockerfile, StringComparison.Ordinal);

        // The Planetary Computer key comes from a Secret, under the name the tool reads.
        var env = Seq(container, "env").Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == SourceArguments.PlanetaryComputerKey);
        var secret = Map(Map(env, "valueFrom"), "secretKeyRef");
        var example = Load("secret.example.yaml");
        Assert.Equal("Secret", Scalar(example, "kind"));
        Assert.Equal(Scalar(Map(example, "metadata"), "name"), Scalar(secret, "name"));
        Assert.Contains(Scalar(secret, "key"), Map(example, "stringData").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Fact]
    public void The_merge_job_merges_every_shard_folder_the_batch_job_writes()
    {
        var job = Load("merge-job.yaml");
        var container = (YamlMappingNode)Assert.Single(Seq(Map(Map(Map(job, "spec"), "template"), "spec"), "containers"));
        string script = ((YamlScalarNode)Assert.Single(Seq(container, "args"))).Value!;
        string[] words = script.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int merge = Array.IndexOf(words, "merge");
        Assert.True(merge > 0, script);
        // The image's executable, as its ENTRYPOINT names it.
        string dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
        Assert.Contains($"ENTRYPOINT [\"{words[merge - 1]}\"]", dockerfile, StringComparison.Ordinal);
        // The shell expands the glob into the shard folders; the parser sees them as the DIR arguments.
        string[] args = words[merge..].Select(w => w == "/output/shard-*" ? "/output/shard-0" : w).ToArray();
        var parse = CliApplication.CreateRootCommand().Parse(args);
        Assert.Empty(parse.Errors);
        Assert.Equal("merge", parse.CommandResult.Command.Name);
        Assert.Contains("/output/shard-*", words);
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Deploy, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static string? Value(ParseResult parse, string option)
    {
        var result = parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().FirstOrDefault(o => o.Option.Name == option);
        return result?.Tokens.Count > 0 ? result.Tokens[0].Value : null;
    }
}
