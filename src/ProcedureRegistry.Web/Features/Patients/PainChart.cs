using System.Globalization;
using System.Net;
using System.Text;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>A pain score 0–10 at a moment, with where it came from (assessment, before a procedure, diary, follow-up).</summary>
public sealed record PainPoint(DateTimeOffset At, int Pain, string Source);

/// <summary>A procedure drawn as a vertical marker on the chart.</summary>
public sealed record ProcedureMark(DateTimeOffset At, string Label, string Title);

/// <summary>
/// Draws a patient's pain scores over time as inline SVG, with a marker at each procedure. Server-side and
/// script-free (the pages run under a strict CSP); presentation attributes only, no inline styles.
/// </summary>
public static class PainChart
{
    private const int Width = 760, Height = 250, Left = 40, Right = 16, Top = 28, Bottom = 34;

    public static string Render(IReadOnlyList<PainPoint> points, IReadOnlyList<ProcedureMark> marks)
    {
        if (points.Count == 0)
        {
            return "";
        }
        var times = points.Select(p => p.At).Concat(marks.Select(m => m.At)).ToList();
        var (start, end) = (times.Min(), times.Max());
        var span = Math.Max((end - start).TotalSeconds, TimeSpan.FromDays(1).TotalSeconds);
        start = start.AddSeconds(-span * 0.03);
        span *= 1.06;

        double X(DateTimeOffset at) => Left + (at - start).TotalSeconds / span * (Width - Left - Right);
        double Y(int pain) => Top + (10 - pain) / 10.0 * (Height - Top - Bottom);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"pain-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"pain-chart-title pain-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"pain-chart-title\">Pain scores over time</title>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<desc id=\"pain-chart-desc\">{points.Count} pain scores from {points.Min(p => p.At):yyyy-MM-dd} to {points.Max(p => p.At):yyyy-MM-dd}; {marks.Count} procedures marked.</desc>");

        for (var pain = 0; pain <= 10; pain += 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(pain))}\" y2=\"{F(Y(pain))}\" stroke=\"#d6dbe3\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(Y(pain) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6576\">{pain}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"14\" font-size=\"11\" fill=\"#5b6576\">pain 0–10</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 10}\" font-size=\"11\" fill=\"#5b6576\">{start.AddSeconds(span * 0.03):yyyy-MM-dd}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 10}\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6576\">{end:yyyy-MM-dd}</text>");

        foreach (var mark in marks.OrderBy(m => m.At))
        {
            var x = F(X(mark.At));
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"procedure-mark\"><title>{WebUtility.HtmlEncode(mark.Title)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" x2=\"{x}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#8a5a00\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Top - 6}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"600\" fill=\"#8a5a00\">{WebUtility.HtmlEncode(mark.Label)}</text></g>");
        }

        var ordered = points.OrderBy(p => p.At).ToList();
        svg.Append("<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"")
            .AppendJoin(' ', ordered.Select(p => $"{F(X(p.At))},{F(Y(p.Pain))}"))
            .Append("\"/>");
        foreach (var p in ordered)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{F(X(p.At))}\" cy=\"{F(Y(p.Pain))}\" r=\"3.5\" fill=\"#0b5cad\"><title>{p.At:yyyy-MM-dd HH:mm} · pain {p.Pain} · {WebUtility.HtmlEncode(p.Source)}</title></circle>");
        }
        return svg.Append("</svg>").ToString();
    }
}
