using System.Net;
using System.Text.RegularExpressions;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>Just enough HTML reading to act like a person at a form: find the antiforgery token, post the form.</summary>
public static partial class Html
{
    [GeneratedRegex("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    public static string AntiforgeryToken(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token in the page:\n" + html[..Math.Min(html.Length, 2000)]);

    /// <summary>GETs <paramref name="formPage"/>, then POSTs <paramref name="fields"/> with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var all = fields.Append(new("__RequestVerificationToken", AntiforgeryToken(page)));
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));
}
