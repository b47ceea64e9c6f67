using System.Collections;
using System.Reflection;
using System.Runtime.Loader;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Reads an OpenAPI document with Microsoft.OpenApi 3.x, the reader current clients and
/// generators use. The app under test runs Microsoft.AspNetCore.OpenApi 10 on Microsoft.OpenApi
/// 2.x (same assembly name, incompatible API), so 3.x lives in its own AssemblyLoadContext,
/// copied to openapi3/ by the test project, and is called by reflection: Parse, then Validate
/// with the default rule set.
/// </summary>
public static class OpenApi3Reader
{
    private static readonly Lazy<Assembly> Library = new(() =>
        new AssemblyLoadContext("Microsoft.OpenApi 3")
            .LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "openapi3", "Microsoft.OpenApi.dll")));

    public static Version LibraryVersion => Library.Value.GetName().Version!;

    /// <summary>Every error and warning the reader and the default validation rules report, as "pointer: message".</summary>
    public static (List<string> Errors, List<string> Warnings) Read(string json)
    {
        var library = Library.Value;
        var documentType = library.GetType("Microsoft.OpenApi.OpenApiDocument", throwOnError: true)!;
        var settingsType = library.GetType("Microsoft.OpenApi.Reader.OpenApiReaderSettings", throwOnError: true)!;
        var parse = documentType.GetMethod("Parse", [typeof(string), typeof(string), settingsType])
            ?? throw new MissingMethodException("OpenApiDocument.Parse(string, string, OpenApiReaderSettings)");
        var result = parse.Invoke(null, [json, "json", Activator.CreateInstance(settingsType)])!;
        var document = Property(result, "Document") ?? throw new InvalidOperationException("the reader returned no document");
        var diagnostic = Property(result, "Diagnostic")!;
        var errors = DescribeAll(Property(diagnostic, "Errors"));
        var warnings = DescribeAll(Property(diagnostic, "Warnings"));

        // Validate explicitly too, in case a reader version stops validating while it parses.
        var ruleSetType = library.GetType("Microsoft.OpenApi.ValidationRuleSet", throwOnError: true)!;
        var ruleSet = ruleSetType.GetMethod("GetDefaultRuleSet", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
        var validate = library.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Single(m => m.Name == "Validate" && m.GetParameters() is [var element, var rules]
                && element.ParameterType.Name == "IOpenApiElement" && rules.ParameterType == ruleSetType);
        foreach (var item in (IEnumerable)validate.Invoke(null, [document, ruleSet])!)
        {
            var line = Describe(item);
            (item.GetType().Name.Contains("Warning", StringComparison.Ordinal) ? warnings : errors).Add(line);
        }

        return (errors.Distinct().ToList(), warnings.Distinct().ToList());
    }

    private static object? Property(object target, string name) => target.GetType().GetProperty(name)!.GetValue(target);

    private static List<string> DescribeAll(object? items) => items is IEnumerable list ? list.Cast<object>().Select(Describe).ToList() : [];

    private static string Describe(object error) => $"{Property(error, "Pointer")}: {Property(error, "Message")}";
}
