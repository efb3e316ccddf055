using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SegmentS2.Sam.Loading;
using SegmentS2.Testing.Models;

namespace SegmentS2.Tests.Sam.Loading;

public sealed class OnnxOutputPrunerTests
{
    [Fact]
    public void Pruning_masks_keeps_the_other_outputs_values_and_drops_the_nodes_only_masks_needed()
    {
        var full = SamContractModelBuilder.BuildDecoder();

        var pruned = OnnxOutputPruner.Prune(full, "masks");

        Assert.NotNull(pruned);
        var before = ModelProto.Parser.ParseFrom(full);
        var after = ModelProto.Parser.ParseFrom(pruned);
        Assert.Equal(["iou_predictions", "low_res_masks"], after.Graph.Output.Select(o => o.Name));
        Assert.Equal(before.Graph.Input.Select(i => i.Name), after.Graph.Input.Select(i => i.Name));
        // The two Resize nodes, the crop and their size arithmetic are gone; nothing else is.
        Assert.Equal(0, after.Graph.Node.Count(n => n.OpType == "Resize"));
        Assert.Equal(2, before.Graph.Node.Count(n => n.OpType == "Resize"));
        Assert.All(after.Graph.Node, n => Assert.Contains(before.Graph.Node, m => m.Equals(n)));
        Assert.Equal(before.MetadataProps, after.MetadataProps);

        using var fullSession = new InferenceSession(full);
        using var prunedSession = new InferenceSession(pruned);
        var inputs = Inputs();
        using var expected = fullSession.Run(new RunOptions(), inputs, ["iou_predictions", "low_res_masks"]);
        using var actual = prunedSession.Run(new RunOptions(), inputs, ["iou_predictions", "low_res_masks"]);
        Assert.Equal(expected[0].GetTensorDataAsSpan<float>().ToArray(), actual[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal(expected[1].GetTensorDataAsSpan<float>().ToArray(), actual[1].GetTensorDataAsSpan<float>().ToArray());
        Assert.Contains(actual[1].GetTensorDataAsSpan<float>().ToArray(), v => v > 0);
        foreach (var value in inputs.Values)
        {
            value.Dispose();
        }
    }

    [Fact]
    public void Initializers_only_the_pruned_nodes_read_are_dropped_and_those_still_read_stay()
    {
        var model = ModelProto.Parser.ParseFrom(SamContractModelBuilder.BuildDecoder());
        model.Graph.Initializer.Add(new TensorProto { Name = "only_for_masks", DataType = (int)TensorProto.Types.DataType.Float, FloatData = { 2f } });
        model.Graph.Initializer.Add(new TensorProto { Name = "for_both", DataType = (int)TensorProto.Types.DataType.Float, FloatData = { 3f } });
        var masks = model.Graph.Node.Single(n => n.Output.Contains("masks"));
        masks.Output[0] = "masks_before";
        model.Graph.Node.Add(new NodeProto { OpType = "Mul", Input = { "masks_before", "only_for_masks" }, Output = { "masks_scaled" } });
        model.Graph.Node.Add(new NodeProto { OpType = "Div", Input = { "masks_scaled", "for_both" }, Output = { "masks" } });
        var iou = model.Graph.Node.Single(n => n.Output.Contains("iou_predictions"));
        iou.Output[0] = "iou_before";
        model.Graph.Node.Add(new NodeProto { OpType = "Mul", Input = { "iou_before", "for_both" }, Output = { "iou_predictions" } });

        var pruned = ModelProto.Parser.ParseFrom(OnnxOutputPruner.Prune(model.ToByteArray(), "masks"));

        Assert.DoesNotContain(pruned.Graph.Initializer, t => t.Name == "only_for_masks");
        Assert.Contains(pruned.Graph.Initializer, t => t.Name == "for_both");
        Assert.DoesNotContain(pruned.Graph.Node, n => n.Output.Contains("masks_scaled"));
        Assert.Contains(pruned.Graph.Node, n => n.Output.Contains("iou_predictions"));
    }

    [Fact]
    public void A_model_it_cannot_prune_safely_gives_null()
    {
        var decoder = SamContractModelBuilder.BuildDecoder();
        Assert.Null(OnnxOutputPruner.Prune(decoder, "no_such_output"));
        Assert.Null(OnnxOutputPruner.Prune([0x0A, 0xFF, 0xFF, 0xFF], "masks")); // a length running past the end
        Assert.Null(OnnxOutputPruner.Prune([], "masks"));

        // The only output: nothing would be left.
        var single = ModelProto.Parser.ParseFrom(decoder);
        foreach (var name in new[] { "iou_predictions", "low_res_masks" })
        {
            single.Graph.Output.Remove(single.Graph.Output.Single(o => o.Name == name));
        }

        Assert.Null(OnnxOutputPruner.Prune(single.ToByteArray(), "masks"));

        // A node with a subgraph may read outer names this pass does not follow.
        var withIf = ModelProto.Parser.ParseFrom(decoder);
        withIf.Graph.Node.Add(new NodeProto
        {
            OpType = "If",
            Input = { "has_mask_input" },
            Output = { "unused" },
            Attribute = { new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto { Name = "then" } } },
        });
        Assert.Null(OnnxOutputPruner.Prune(withIf.ToByteArray(), "masks"));
    }

    private static Dictionary<string, OrtValue> Inputs()
    {
        var embedding = new float[256 * 64 * 64];
        var random = new Random(5);
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] = (float)random.NextDouble() - 0.5f;
        }

        return new Dictionary<string, OrtValue>
        {
            ["image_embeddings"] = OrtValue.CreateTensorValueFromMemory(embedding, [1, 256, 64, 64]),
            ["point_coords"] = OrtValue.CreateTensorValueFromMemory(new float[] { 500.5f, 300.25f, 0, 0 }, [1, 2, 2]),
            ["point_labels"] = OrtValue.CreateTensorValueFromMemory(new float[] { 1, -1 }, [1, 2]),
            ["mask_input"] = OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]),
            ["has_mask_input"] = OrtValue.CreateTensorValueFromMemory(new float[] { 0 }, [1]),
            ["orig_im_size"] = OrtValue.CreateTensorValueFromMemory(new float[] { 1024, 1024 }, [2]),
        };
    }
}
