using System.Text;
using System.Text.Json;
using SegmentS2.Raster;

namespace SegmentS2.Workflow;

/// <summary>
/// Writes a <see cref="SegmentationPlan"/> as the <c>segment-s2 plan --json</c> object:
/// <c>{"roiWindow": [col, row, width, height], "promptIds": [...], "chips": [{"index", "read", "write", "prompts": {id: [{"pointCoords", "pointLabels"}]}}]}</c>.
/// <c>roiWindow</c> is in raster pixels; <c>read</c>, <c>write</c> in ROI-window pixels; coordinates are the float32
/// values sent to the decoder, in chip pixels.
/// </summary>
internal static class SegmentationPlanJson
{
    /// <summary>Writes the plan to a stream as UTF-8 JSON.</summary>
    public static void Write(SegmentationPlan plan, Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        Write(plan, writer);
    }

    /// <summary>The plan as a JSON string.</summary>
    public static string ToJson(SegmentationPlan plan, bool indented = true)
    {
        using var buffer = new MemoryStream();
        Write(plan, buffer, indented);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the plan with a caller's writer.</summary>
    public static void Write(SegmentationPlan plan, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteWindow(writer, "roiWindow", plan.RoiWindow);
        writer.WriteStartArray("promptIds");
        foreach (var id in plan.PromptIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("chips");
        foreach (var chip in plan.Chips)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", chip.Chip.Index);
            WriteWindow(writer, "read", chip.Chip.Read);
            WriteWindow(writer, "write", chip.Chip.Write);
            writer.WriteStartObject("prompts");
            foreach (var prompt in chip.Prompts)
            {
                writer.WriteStartArray(prompt.Group.OriginalId);
                foreach (var call in prompt.Calls)
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("pointCoords");
                    for (int i = 0; i < call.PointCount; i++)
                    {
                        writer.WriteStartArray();
                        writer.WriteNumberValue(call.PointCoords[2 * i]);
                        writer.WriteNumberValue(call.PointCoords[2 * i + 1]);
                        writer.WriteEndArray();
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("pointLabels");
                    foreach (float label in call.PointLabels)
                    {
                        writer.WriteNumberValue((int)label);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteWindow(Utf8JsonWriter writer, string name, PixelWindow window)
    {
        writer.WriteStartArray(name);
        writer.WriteNumberValue(window.Col);
        writer.WriteNumberValue(window.Row);
        writer.WriteNumberValue(window.Width);
        writer.WriteNumberValue(window.Height);
        writer.WriteEndArray();
    }
}
