package textgen

// A few percent of individual prompts are in other languages (Spanish,
// German, French, Portuguese, Italian, Chinese in Hanzi and in pinyin,
// Japanese), per capability.
const srcForeign = `
xl_general:
    ¿Me puedes escribir un correo para {xl_es_purpose}? Mi jefe se llama {$name}.
    ¿Cuál es la capital de {s_country}?
    Dame {$num} ideas para {xl_es_idea}.
    Schreib mir bitte eine kurze E-Mail an {$name}, {xl_de_purpose}.
    Was ist der Unterschied zwischen {xl_de_a} und {xl_de_b}?
    Wie kann ich {xl_de_goal}? Ich bin {g_age} Jahre alt.
    Peux-tu résumer ce texte en {$num} phrases ? {s_sentence}
    Écris un poème de {$num} vers sur {xl_fr_topic}.
    Quelle est la meilleure façon de {xl_fr_goal} en {$num} mois ?
    Você pode me ajudar a escrever uma mensagem de aniversário para {$name}?
    Quais são os melhores lugares para visitar em {s_city}?
    Come si dice "{tr_phrase}" in inglese?
    请帮我写一封{xl_zh_letter}。
    {xl_zh_city}有什么好玩的地方？我有{$num}天时间。
    给我推荐{$num}本关于{xl_zh_topic}的书。
    ni hao, wo shi {$name}, qing bang wo xie yi feng {xl_py_letter}, gei {$name}
    wo xiang qu {s_city} lü you, you shen me jian yi ma?
    {xl_ja_q}（{$name}より）
    Hola{st_punct} cómo estás? Soy {$name}.
    Guten Morgen, ich bin {$name}! Kannst du mir bei {xl_de_help} helfen?

xl_de_help::
    meiner Bewerbung; einem Brief an {$fullname}; meinen Hausaufgaben; der Steuererklärung; einer Rede

xl_es_purpose::
    pedir un aumento; cancelar una reunión; agradecer a mi jefe; reclamar un reembolso; presentarme al equipo

xl_es_idea::
    un cumpleaños infantil; mejorar mi currículum; ahorrar dinero; un viaje a {s_country}; una cena vegana

xl_de_purpose::
    dass ich morgen später komme; dass das Meeting verschoben wird; mit der Bitte um Rückruf; um mich zu bedanken

xl_de_a::
    Miete; Aktien; Grippe; Wetter; Kaffee

xl_de_b::
    Leasing; Anleihen; Erkältung; Klima; Espresso

xl_de_goal::
    besser schlafen; schneller Deutsch lernen; Geld sparen; meine Wohnung kündigen; ein Vorstellungsgespräch vorbereiten

xl_fr_topic::
    la mer; l'automne; Paris la nuit; mon chat; le temps qui passe; la liberté

xl_fr_goal::
    apprendre l'anglais; préparer un entretien; organiser un mariage; investir en bourse; arrêter de fumer

xl_zh_letter::
    辞职信; 感谢信; 道歉邮件; 求职信; 请假条

xl_zh_city::
    北京; 上海; 成都; 杭州; 西安; 广州

xl_zh_topic::
    历史; 经济学; 心理学; 人工智能; 哲学

xl_py_subj::
    Python; ying yu; shu xue; ri yu; ji qi xue xi; jin rong

xl_py_letter::
    ci zhi xin; gan xie xin; qiu zhi xin; dao qian you jian

xl_ja_q::
    おすすめのレシピを教えてください。; 東京でおすすめの観光地はどこですか？; この文章を英語に翻訳してください。; 面接のコツを教えて。

xl_coding:
    ¿Cómo puedo {xl_es_code} en {%lang}?
    Escribe una función en {%lang} que {xl_es_fn}.
    Tengo este error, ¿qué significa?\n{$trace}
    Wie schreibe ich in {%lang} eine Funktion, die {xl_de_fn}?
    Warum funktioniert dieser Code nicht?\n{$code}
    Comment {xl_fr_code} en {%lang} ?
    Peux-tu corriger ce code ?\n{$code}
    Como faço para {xl_pt_code} em {%lang}?
    用{%lang}写一个{xl_zh_fn}的函数。
    这段代码有什么问题？\n{$code}
    yong {%lang} zen me {xl_py_code}?
    {%lang}で{xl_ja_fn}関数を書いてください。

xl_es_code::
    leer un archivo CSV; ordenar una lista; conectar a una base de datos; hacer una petición HTTP

xl_es_fn::
    invierta una cadena; calcule el factorial; valide un correo; cuente palabras

xl_de_fn::
    eine Liste sortiert; Duplikate entfernt; eine Datei einliest; Primzahlen findet

xl_fr_code::
    trier un dictionnaire; lire un fichier JSON; gérer les exceptions; créer une API REST

xl_pt_code::
    ler um arquivo; remover duplicatas de uma lista; fazer deploy; usar async/await

xl_zh_fn::
    排序; 读取文件; 计算斐波那契数列; 去重; 解析JSON

xl_py_code::
    du qu wen jian; pai xu lie biao; lian jie shu ju ku

xl_ja_fn::
    リストを並べ替える; ファイルを読み込む; 重複を削除する

xl_agentic:
    Usa la herramienta {tl_name} para buscar vuelos de {s_city} a {s_city} el {$date}.
    Abre el navegador, ve a {$url} y haz clic en "Iniciar sesión".
    Nutze das Tool {tl_name}, um das Wetter in {s_city} abzurufen.
    Öffne den Browser, geh auf {$url} und lade die Rechnung {$id} herunter.
    Utilise l'outil {tl_name} pour envoyer un e-mail à {$email}.
    Abra o navegador, acesse {$url} e clique em "Comprar".
    调用{tl_name}工具查询{xl_zh_city}的天气。
    打开浏览器，访问{$url}，然后点击"登录"。
    diao yong {tl_name} gong ju cha xun ding dan {$id}

xl_long:
    Necesito un plan de {$num} semanas para construir {xl_es_app}, con hitos y entregables.
    Erstelle einen Projektplan in {$num} Phasen für die Migration unserer Anwendung von {lh_from} nach {lh_to}.
    Aide-moi à planifier la rédaction d'un livre de {$num} chapitres sur {xl_fr_topic}.
    Crie um plano de {$num} meses para aprender programação do zero.
    帮我制定一个{$num}周的项目计划，开发一个{xl_zh_app}，包括每个阶段的里程碑。
    bang wo zhi ding yi ge {$num} ge yue de {xl_py_subj} xue xi ji hua

xl_es_app::
    una app de reservas; una tienda online; un sistema de inventario; una red social para vecinos

xl_zh_app::
    电商网站; 记账软件; 在线教育平台; 预约系统

xl_reasoning:
    {$name} tiene {$num} manzanas y compra {$num} más. Luego regala {$num}. ¿Cuántas le quedan?
    Un tren viaja a {$num} km/h durante {$num} horas. ¿Qué distancia recorre?
    {$name} hat {$num} Euro und kauft {$num} Hefte zu je {$num} Euro. Wie viel Geld bleibt übrig?
    Beweise, dass die Summe zweier ungerader Zahlen gerade ist. (Aufgabe {$num})
    {$name} a {$num} billes. Il en donne {$num} à son frère. Combien lui en reste-t-il ?
    Se um produto custa R$ {$num} e tem {$pct} de desconto, quanto custa?
    小明有{$num}个苹果，又买了{$num}个，吃掉了{$num}个，还剩多少个？
    一辆车以每小时{$num}公里的速度行驶了{$num}小时，一共行驶了多少公里？
    Xiao Ming you {$num} ge ping guo, gei le peng you {$num} ge, hai sheng duo shao ge?
    {$name}は{$num}個のりんごを持っています。{$num}個あげると、何個残りますか？

xl_grading:
    Califica esta respuesta del 1 al 10: "{s_sentence}"
    Bewerte die folgende Antwort auf einer Skala von 1 bis 10 und begründe deine Bewertung:\n{ga_a}
    Quelle réponse est la meilleure, A ou B ?\nA : {ga_a}\nB : {ga_a}
    Avalie esta redação de 0 a 10:\n{para}
    请给下面的回答打分（1-10分），并说明理由：\n{ga_a}
    qing gei zhe ge hui da da fen, 1 dao 10 fen: {ga_a}

xl_vision:
    ¿Qué hay en esta imagen? La tomé en {s_city}.
    Describe esta foto de {s_city}, por favor.
    Was steht auf diesem Schild? Es hängt in {s_city}.
    Qu'est-ce qu'on voit sur cette photo ? C'est l'image {$num}.
    O que está escrito nesta imagem? Recebi de {$name}.
    这张图片里有什么？（第{$num}张）
    请识别这张发票上的金额，发票号是{$id}。
    zhe zhang tu pian li you shen me? shi {$name} fa gei wo de.
    この画像について{$num}文で説明してください。
`
