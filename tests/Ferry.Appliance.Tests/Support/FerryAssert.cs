namespace Ferry.Appliance.Tests.Support;

internal static class FerryAssert
{
    public static FerryException Fails(ErrorCode expected, Action action)
    {
        FerryException error = Assert.Throws<FerryException>(action);
        Assert.Equal(expected, error.Code);
        return error;
    }

    public static async Task<FerryException> FailsAsync(ErrorCode expected, Func<Task> action)
    {
        FerryException error = await Assert.ThrowsAsync<FerryException>(action);
        Assert.Equal(expected, error.Code);
        return error;
    }
}
