namespace Blueprint.Bench;

/// <summary>Where the web project lives: the factory guesses &lt;solution&gt;/Blueprint.Web, but it is under src/.</summary>
internal static class WebProject
{
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Blueprint.Web");
            if (File.Exists(Path.Combine(candidate, "Blueprint.Web.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/Blueprint.Web not found above " + AppContext.BaseDirectory);
    }
}
