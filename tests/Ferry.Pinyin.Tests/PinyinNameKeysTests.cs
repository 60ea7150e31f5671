namespace Ferry.Pinyin.Tests;

public sealed class PinyinNameKeysTests
{
    private static PinyinKeys Keys(string name) => PinyinNameKeys.Build(PinyinTable.Shared, name);

    [Fact]
    public void ChineseNameGivesFullPinyinAndInitials()
    {
        PinyinKeys k = Keys("张三");
        Assert.Equal(["zhangsan"], k.Full);
        Assert.Equal(["zs"], k.Initials);
        Assert.Equal("zhangsan", PinyinNameKeys.ToPinyin(PinyinTable.Shared, "张三"));
    }

    [Fact]
    public void PolyphonesGiveEveryReadingCustomaryFirst()
    {
        PinyinKeys k = Keys("单田芳");
        Assert.Equal("dantianfang", k.Full[0]);
        Assert.Contains("shantianfang", k.Full);
        Assert.Contains("chantianfang", k.Full);
        Assert.Equal(["dtf", "ctf", "stf"], k.Initials);

        Assert.Equal(["cengguofan", "zengguofan"], Keys("曾国藩").Full);
        Assert.Equal(["jiejin", "xiejin"], Keys("解缙").Full);
    }

    [Fact]
    public void CombinationsAreCappedClosestToTheCustomaryReadingFirst()
    {
        // 长 zhang/chang, 和 he/huo/hu, 乐 le/yue, 重 zhong/chong: 2*3*2*2*... far more than 16
        PinyinKeys k = Keys("长和乐重长和乐重");
        Assert.Equal(PinyinNameKeys.MaxCombinations, k.Full.Length);
        Assert.Equal(PinyinNameKeys.ToPinyin(PinyinTable.Shared, "长和乐重长和乐重"), k.Full[0]);
        Assert.Equal(k.Full.Length, k.Full.Distinct().Count());
        Assert.True(k.Initials.Length <= PinyinNameKeys.MaxCombinations);
        Assert.Equal(3, PinyinNameKeys.Build(PinyinTable.Shared, "单田芳", maxCombinations: 3).Full.Length);
        Assert.Single(PinyinNameKeys.Build(PinyinTable.Shared, "单田芳", maxCombinations: 1).Full);
    }

    [Fact]
    public void MixedChineseAndLatin()
    {
        PinyinKeys k = Keys("张Tom");
        Assert.Equal(["zhangtom"], k.Full);
        Assert.Equal(["ztom", "zt"], k.Initials);

        Assert.Equal(["wangxiaoming2"], Keys("王小明2").Full);
        Assert.Contains("abudureheman", Keys("阿卜杜·热合曼").Full);   // the middle dot separates
    }

    [Fact]
    public void LatinNames()
    {
        PinyinKeys k = Keys("Tom Smith");
        Assert.Equal(["tomsmith"], k.Full);
        Assert.Equal(["ts"], k.Initials);
        Assert.Equal(["tom"], Keys("Ｔｏｍ").Full);   // full-width folded
        Assert.Equal(["josé"], Keys("José").Full);
        Assert.Empty(Keys("Tom").Initials);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("·—!?")]
    [InlineData("\U00020000")]   // Extension B: no reading in the table
    public void NamesWithoutLettersGiveNoKeys(string name)
    {
        PinyinKeys k = Keys(name);
        Assert.Empty(k.Full);
        Assert.Empty(k.Initials);
    }

    [Fact]
    public void VeryLongNamesAreBounded()
    {
        PinyinKeys k = Keys(new string('张', 1000) + new string('a', 1000));
        Assert.Single(k.Full);
        Assert.Equal(PinyinNameKeys.MaxTokens * "zhang".Length, k.Full[0].Length);
        Assert.Equal(PinyinNameKeys.MaxWordLength, Keys(new string('a', 1000)).Full[0].Length);
    }
}
