namespace ProcedureRegistry.Web.Reports.Charts;

/// <summary>A point to label, in pixels of the chart, and its label.</summary>
public sealed record LabelAnchor(double X, double Y, string Text);

/// <summary>A label's box in pixels: top-left corner and size.</summary>
public readonly record struct LabelBox(double X, double Y, double Width, double Height)
{
    public double Bottom => Y + Height;
    public double Right => X + Width;

    public bool Overlaps(LabelBox other) =>
        X < other.Right && other.X < Right && Y < other.Bottom && other.Y < Bottom;

    /// <summary>The distance from a point to the nearest point of the box (0 inside it).</summary>
    public double DistanceTo(double x, double y) =>
        Math.Sqrt(Math.Pow(Math.Max(0, Math.Max(X - x, x - Right)), 2) + Math.Pow(Math.Max(0, Math.Max(Y - y, y - Bottom)), 2));
}

/// <summary>
/// Places point labels so that no two overlap (the funnel plot's operator letters sat on each other where operators
/// had similar numbers and rates). Labels are placed one at a time, from the top of the plot down. Each tries, in
/// turn, the places beside its point (right, left, above, below, then the corners) and takes the first inside the plot
/// (give or take half a label's height) that touches no placed label and no other point. When none is free, the label goes right of its point and is pushed
/// down past every placed label it meets, or up instead if that would leave the plot. Every label is placed against
/// all those already placed, so no two labels ever overlap.
/// </summary>
public static class LabelLayout
{
    public const double FontSize = 9;
    public const double Height = FontSize * 1.25;
    /// <summary>Where the text's baseline sits below the box's top.</summary>
    public const double Baseline = FontSize * 0.95;
    private const double Gap = 1;

    /// <summary>A conservative width of a label in the chart's sans-serif font (wider than any glyph run it measures).</summary>
    public static double Width(string text) => Math.Max(1, text.Length) * FontSize * 0.65 + 2;

    /// <param name="anchors">The points, in pixels.</param>
    /// <param name="offset">The distance from a point's centre to its label (its marker's radius and a little).</param>
    public static IReadOnlyList<LabelBox> Place(IReadOnlyList<LabelAnchor> anchors, double offset, double top, double bottom, double left, double right)
    {
        var result = new LabelBox[anchors.Count];
        var placed = new List<LabelBox>();
        var points = anchors.Select(a => new LabelBox(a.X - offset + 1, a.Y - offset + 1, 2 * (offset - 1), 2 * (offset - 1))).ToArray();
        // A label level with a point on the plot's edge may stand out of it by half its height.
        bool Inside(LabelBox b) => b.X >= left && b.Right <= right && b.Y >= top - Height / 2 - 0.01 && b.Bottom <= bottom + Height / 2 + 0.01;

        foreach (var i in Enumerable.Range(0, anchors.Count).OrderBy(i => anchors[i].Y).ThenBy(i => anchors[i].X))
        {
            var (a, width) = (anchors[i], Width(anchors[i].Text));
            LabelBox[] candidates =
            [
                new(a.X + offset, a.Y - Height / 2, width, Height),
                new(a.X - offset - width, a.Y - Height / 2, width, Height),
                new(a.X - width / 2, a.Y - offset - Height, width, Height),
                new(a.X - width / 2, a.Y + offset, width, Height),
                new(a.X + offset * 0.7, a.Y - offset * 0.7 - Height, width, Height),
                new(a.X + offset * 0.7, a.Y + offset * 0.7, width, Height),
                new(a.X - offset * 0.7 - width, a.Y - offset * 0.7 - Height, width, Height),
                new(a.X - offset * 0.7 - width, a.Y + offset * 0.7, width, Height),
            ];
            LabelBox? free = null;
            foreach (var c in candidates)
            {
                if (Inside(c) && !placed.Any(c.Overlaps) && !points.Where((_, j) => j != i).Any(c.Overlaps))
                {
                    free = c;
                    break;
                }
            }
            var box = free ?? Pushed(candidates[0].X + candidates[0].Width > right ? candidates[1] : candidates[0], placed, bottom);
            result[i] = box;
            placed.Add(box);
        }
        return result;
    }

    private static LabelBox Pushed(LabelBox start, List<LabelBox> placed, double bottom)
    {
        var down = Move(start, placed, downwards: true);
        return down.Bottom <= bottom ? down : Move(start, placed, downwards: false);
    }

    // Past each placed label it overlaps, in one direction only, so that it never meets the same one twice.
    private static LabelBox Move(LabelBox box, List<LabelBox> placed, bool downwards)
    {
        bool moved;
        do
        {
            moved = false;
            foreach (var other in placed)
            {
                if (box.Overlaps(other))
                {
                    box = downwards ? box with { Y = other.Bottom + Gap } : box with { Y = other.Y - Gap - box.Height };
                    moved = true;
                }
            }
        }
        while (moved);
        return box;
    }
}
