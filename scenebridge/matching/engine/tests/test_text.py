from scenebridge.matching.engine.text import character_bigrams, default_analyzer, normalise


def test_traditional_characters_and_full_width_letters_are_normalised():
    # given a traditional-character text with full-width letters
    text = "無人機巡檢ＵＡＶ"

    # when it is normalised
    result = normalise(text)

    # then it is simplified and lower-cased ASCII
    assert result == "无人机巡检uav"


def test_synonyms_and_abbreviations_fold_to_one_term():
    # given three ways to say drone, BeiDou and large model
    analyzer = default_analyzer()

    # when each is analysed
    drone = [analyzer.terms(text) for text in ("无人机", "UAV", "無人機")]
    beidou = [analyzer.terms(text) for text in ("北斗", "BDS")]
    model = [analyzer.terms(text) for text in ("大模型", "LLM", "大语言模型")]

    # then each group shares its canonical term
    assert all("无人机" in terms for terms in drone)
    assert all("北斗" in terms for terms in beidou)
    assert all("大模型" in terms for terms in model)


def test_stop_words_go_and_english_and_numbers_stay():
    # given a sentence with function words, an English model name and a number
    analyzer = default_analyzer()

    # when it is analysed
    terms = analyzer.terms("我们希望采用L4级自动驾驶和5G专网，覆盖200公里")

    # then the content words, English and numbers remain, the function words do not
    assert "自动驾驶" in terms
    assert "l4" in terms
    assert "5g专网" in terms or "5g" in terms
    assert "200" in terms
    assert "我们" not in terms and "希望" not in terms and "和" not in terms


def test_domain_dictionary_keeps_terms_whole():
    # given a domain term the general dictionary would split
    analyzer = default_analyzer()

    # when it is segmented
    terms = analyzer.terms("电池热失控预警")

    # then the term is one token
    assert "热失控" in terms


def test_labels_drop_the_plus_suffix():
    # given technology tags as the policy writes them
    analyzer = default_analyzer()

    # when they are turned into terms
    terms = analyzer.labels(["人工智能+", "5G+", "低空经济"])

    # then the plus sign is gone
    assert terms == ["人工智能", "5g", "低空经济"]


def test_character_bigrams_cover_only_chinese_runs():
    # given mixed text
    # when bigrams are taken
    grams = character_bigrams("储能AB电池")

    # then pairs never cross the Latin letters
    assert grams == ["储能", "电池"]
