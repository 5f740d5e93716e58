using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// ASP.NET Core refuses a URL-encoded form that holds a NUL (%00) by throwing when the form is first read, so the
/// antiforgery check, model binding and even the error page fail on it, and nobody learns which field was wrong.
/// This middleware reads such a form itself (NUL kept), so that binding proceeds and <see cref="InputRules"/>
/// refuses the field by name, with the form shown again.
/// </summary>
public static class FormReading
{
    public static IApplicationBuilder UseFormsWithControlCharacters(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.HasFormContentType && request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                request.EnableBuffering();
                try
                {
                    await request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    if (await ParseWithNulAsync(request, context.RequestAborted) is not { } form)
                    {
                        // Over a form limit (value count, key or value length): refused as a whole.
                        context.Response.StatusCode = StatusCodes.Status400BadRequest;
                        return;
                    }
                    context.Features.Set<IFormFeature>(new FormFeature(form));
                }
            }
            await next(context);
        });

    private static async Task<string> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var body = await reader.ReadToEndAsync(cancellationToken);
        request.Body.Position = 0;
        return body;
    }

    /// <summary>
    /// The form as the framework would read it (same limits), except that %00 decodes to NUL instead of failing; null
    /// when the form failed for another reason (a limit).
    /// </summary>
    private static async Task<FormCollection?> ParseWithNulAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await BodyAsync(request, cancellationToken);
        var limits = new FormOptions();
        var pairs = body.Split('&', StringSplitOptions.RemoveEmptyEntries);
        if (!body.Contains("%00", StringComparison.Ordinal) || pairs.Length > limits.ValueCountLimit)
        {
            return null;
        }
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (key.Length > limits.KeyLengthLimit || value.Length > limits.ValueLengthLimit)
            {
                return null;
            }
            fields[key] = fields.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }
        return new FormCollection(fields);
    }

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));
}
