using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// What every request's input must satisfy before any handler sees it, whatever the form: a value that does not bind
/// (a letter in a number, "maybe" in a yes/no field) and a control character (NUL, ESC… in any field) become a field
/// message in ModelState, so the form comes back with 400 naming the field and the rule; and any command sent while
/// such an error stands is refused by <see cref="ValidationBehavior{TRequest,TResponse}"/> (<see cref="RejectedInput"/>),
/// so an action that forgot to look at ModelState still writes nothing.
/// </summary>
public static class InputRules
{
    public static void AddInputRules(this MvcOptions options)
    {
        options.ModelBinderProviders.Insert(0, new BooleanBinderProvider());
        options.ModelMetadataDetailsProviders.Add(new BindingMessages());
        options.Filters.Add<ControlCharacterFilter>();
    }

    /// <summary>Tab, CR and LF belong in multi-line text; no other C0 control character belongs in any field (PostgreSQL refuses NUL).</summary>
    public static bool HasControlCharacter(string value) =>
        value.Any(c => c < ' ' && c is not ('\t' or '\r' or '\n'));

    /// <summary>"ReminderConsent" is "Reminder consent"; "Targets[0].Segment" is "Segment".</summary>
    public static string Label(string field)
    {
        var last = field[(field.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[');
        return EnumOptions.Words(bracket < 0 ? last : last[..bracket]);
    }

    /// <summary>
    /// Refuses control characters in form fields, the query, route values and JSON bodies, naming the field. A GET
    /// with one answers 400 (no form to show again); other methods reach the action with the error in ModelState.
    /// Runs before [ApiController]'s automatic 400 (order -2000), so JSON clients get these errors too.
    /// </summary>
    public sealed class ControlCharacterFilter(RejectedInput rejected) : IAsyncActionFilter, IOrderedFilter
    {
        public int Order => -3000;

        public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
        {
            var found = false;
            foreach (var (field, value) in Values(context))
            {
                if (HasControlCharacter(value))
                {
                    found = true;
                    context.ModelState.AddModelError(field, $"{Label(field)} must not contain control characters (such as NUL); remove them and try again.");
                }
            }
            if (found && (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)))
            {
                context.Result = new BadRequestResult();
                return;
            }
            SayEachOnce(context.ModelState);
            rejected.Add(context.ModelState);
            await next();
        }

        /// <summary>A form field that binds both a route parameter and a model property fails twice with one message.</summary>
        private static void SayEachOnce(ModelStateDictionary modelState)
        {
            foreach (var entry in modelState.Values.Where(e => e.Errors.Count > 1))
            {
                var distinct = entry.Errors.DistinctBy(e => e.ErrorMessage).ToList();
                entry.Errors.Clear();
                distinct.ForEach(entry.Errors.Add);
            }
        }

        private static IEnumerable<(string Field, string Value)> Values(ActionExecutingContext context)
        {
            var request = context.HttpContext.Request;
            var form = request.HasFormContentType ? request.Form : null;
            foreach (var (key, values) in form?.Concat(request.Query) ?? request.Query)
            {
                if (key == "__RequestVerificationToken")
                {
                    continue;
                }
                yield return (key, key);
                foreach (var value in values)
                {
                    yield return (key, value ?? "");
                }
            }
            foreach (var (key, value) in context.RouteData.Values)
            {
                if (value is string text)
                {
                    yield return (key, text);
                }
            }
            foreach (var parameter in context.ActionDescriptor.Parameters.Where(p => p.BindingInfo?.BindingSource == BindingSource.Body))
            {
                if (context.ActionArguments.TryGetValue(parameter.Name, out var body) && body is not null)
                {
                    foreach (var text in StringsIn(body, "", depth: 0))
                    {
                        yield return text;
                    }
                }
            }
        }

        /// <summary>The string properties of a JSON-bound model, named as ModelState names them (a few levels deep).</summary>
        private static IEnumerable<(string, string)> StringsIn(object model, string prefix, int depth)
        {
            foreach (var property in model.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            {
                var value = property.GetValue(model);
                var name = prefix + property.Name;
                if (value is string text)
                {
                    yield return (name, text);
                }
                else if (value is IEnumerable<string> texts)
                {
                    foreach (var (item, i) in texts.Select((t, i) => (t, i)))
                    {
                        yield return ($"{name}[{i}]", item ?? "");
                    }
                }
                else if (depth < 3 && value is not null && property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("ProcedureRegistry") == true)
                {
                    foreach (var nested in StringsIn(value, name + ".", depth + 1))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Binds yes/no fields as MVC does, but forgets a value that did not bind ("maybe", "1"): a checkbox re-rendered
    /// from it would throw while converting it back to a bool (a 500 instead of the form with its error).
    /// </summary>
    private sealed class BooleanBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType == typeof(bool)
                ? new ForgetsInvalidValue(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
                : null;

        private sealed class ForgetsInvalidValue(IModelBinder inner) : IModelBinder
        {
            public async Task BindModelAsync(ModelBindingContext bindingContext)
            {
                await inner.BindModelAsync(bindingContext);
                if (bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
                {
                    entry.RawValue = null;
                }
            }
        }
    }

    /// <summary>Binding failures in words that name the field and the rule ("Reminder consent must be true or false."), by the field's type.</summary>
    private sealed class BindingMessages : IBindingMetadataProvider
    {
        public void CreateBindingMetadata(BindingMetadataProviderContext context)
        {
            if (context.Key.Name is not { } name)
            {
                return;
            }
            var label = Label(name);
            var type = Nullable.GetUnderlyingType(context.Key.ModelType) ?? context.Key.ModelType;
            var rule = $"{label} {Rule(type)}.";
            var messages = context.BindingMetadata.ModelBindingMessageProvider is { } original
                ? new DefaultModelBindingMessageProvider(original)
                : new DefaultModelBindingMessageProvider();
            messages.SetAttemptedValueIsInvalidAccessor((_, _) => rule);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => rule);
            messages.SetValueIsInvalidAccessor(_ => rule);
            messages.SetUnknownValueIsInvalidAccessor(_ => rule);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => rule);
            messages.SetValueMustBeANumberAccessor(_ => rule);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => rule);
            messages.SetValueMustNotBeNullAccessor(_ => $"{label} is required.");
            messages.SetMissingBindRequiredValueAccessor(_ => $"{label} is required.");
            messages.SetMissingKeyOrValueAccessor(() => $"{label} is required.");
            context.BindingMetadata.ModelBindingMessageProvider = messages;
        }

        private static string Rule(Type type) => type switch
        {
            _ when type == typeof(bool) => "must be true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(byte) =>
                "must be a whole number",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "must be a number",
            _ when type == typeof(DateOnly) => "must be a date (yyyy-mm-dd)",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "must be a date and time (yyyy-mm-ddThh:mm)",
            _ when type == typeof(TimeOnly) => "must be a time (hh:mm)",
            { IsEnum: true } => "must be one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "has a value that is not valid",
        };
    }
}

/// <summary>The input errors of the current request (binding failures, control characters), for <see cref="ValidationBehavior{TRequest,TResponse}"/>.</summary>
public sealed class RejectedInput
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Add(ModelStateDictionary modelState)
    {
        foreach (var (field, entry) in modelState)
        {
            _errors.AddRange(entry.Errors.Select(e => new FieldError(field, e.ErrorMessage.Length > 0 ? e.ErrorMessage : $"{Label(field)} has a value that is not valid.")));
        }
    }

    private static string Label(string field) => field.Length == 0 ? "The request" : InputRules.Label(field);
}
