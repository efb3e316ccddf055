using SegmentS2.Raster;

namespace SegmentS2.Pipeline;

/// <summary>One chip of a scene for the <see cref="ChipRunner"/>: where to read it and whether anything is to be decoded in it.</summary>
/// <param name="Index">The chip's index in its plan; sinks look their prompts up by it.</param>
/// <param name="Window">The chip's read window in scene-raster pixels.</param>
/// <param name="HasWork">False when no prompt needs the chip: it is neither read nor encoded.</param>
internal readonly record struct ChipWork(int Index, PixelWindow Window, bool HasWork);
