namespace Ssmd.Environments.Tests;

public sealed class ResolvePathTests
{
    [Fact]
    public void A_name_means_a_file_in_the_environments_folder()
    {
        var path = SsmdEnvironmentLoader.ResolvePath("sim", TestFiles.RepositoryRoot);

        Assert.Equal(Path.Combine(TestFiles.RepositoryRoot, "environments", "sim.yaml"), path);
    }

    [Fact]
    public void An_unknown_name_says_which_file_was_looked_for_and_which_exist()
    {
        var expected = Path.Combine(TestFiles.RepositoryRoot, "environments", "prod.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.ResolvePath("prod", TestFiles.RepositoryRoot));

        var error = Assert.Single(exception.Errors);
        Assert.Equal((expected, "not-found"), (error.File, error.Rule));
        Assert.Contains($"no environment named 'prod': looked for {expected}; available: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi", exception.Message[exception.Message.IndexOf("available", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("sim", exception.Message[exception.Message.IndexOf("available", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_is_used_as_given()
    {
        var file = TestFiles.Broken("bad-enum.yaml");

        Assert.Equal(file, SsmdEnvironmentLoader.ResolvePath(file, searchRoot: "/nowhere"));
    }

    [Fact]
    public void A_missing_path_says_which_file_was_looked_for()
    {
        var missing = Path.Combine(AppContext.BaseDirectory, "no-such-folder", "mine.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.ResolvePath(missing, TestFiles.RepositoryRoot));

        Assert.Equal($"{missing}: [not-found] no environment file at {missing} (from '{missing}')", exception.Message);
    }

    [Fact]
    public void Loading_a_missing_file_is_a_not_found_error_not_an_io_exception()
    {
        var missing = Path.Combine(AppContext.BaseDirectory, "missing.yaml");

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Load(missing));

        Assert.Equal((missing, 0, "not-found"), (exception.Errors[0].File, exception.Errors[0].Line, exception.Errors[0].Rule));
    }
}
