namespace Blueprint.Tests.Infrastructure;

/// <summary>Files of the repository itself (sources, stylesheets), found from the test's output folder upwards.</summary>
public static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Blueprint.slnx")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine([dir?.FullName ?? throw new InvalidOperationException("Blueprint.slnx not found above the test output"), .. parts]);
    }
}
