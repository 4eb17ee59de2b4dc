"""Small closed word lists the clusterer needs before it has seen enough documents to learn them.

Online IDF only learns that "der" or "the" carry no meaning after many documents; until then these lists keep
function words out of the term vectors. Month and weekday names are kept out as well because dates are a separate,
structured signal (``_dates.py``): as plain terms "Juni" would make every June article look alike. Languages
without a list rely on IDF alone. The lists are written for newsdesk (function words, not copied text).
"""

from __future__ import annotations

_DE = """
ab aber alle allem allen aller alles als also am an andere anderen anderer anderes auch auf aus bei beide beiden
beim bereits bin bis bisher bist bzw da dabei dadurch daher damit dann darauf darin darum das dass daß davon dazu
dein dem den denen denn der deren derer des deshalb dessen dich die dies diese diesem diesen dieser dieses dir doch
dort du durch ebenfalls ein eine einem einen einer eines einige einigen einmal er es etwa etwas euch euer eure für
gab ganz gar gegen gehabt gewesen gibt habe haben hat hatte hatten hätte hätten heute hier hin ich ihm ihn ihnen ihr
ihre ihrem ihren ihrer ihres im immer in ins ist ja je jede jedem jeden jeder jedes jedoch jetzt kann kein keine
keinem keinen keiner können konnte konnten könnte laut machen man mehr mein meine mich mir mit muss musste müssen
nach nachdem neben nein nicht nichts noch nun nur ob oder ohne rund schon sehr sei seien sein seine seinem seinen
seiner seines seit selbst sich sie sind so sogar soll sollen sollte sollten sondern sowie sowohl statt über um
und uns unser unsere unter viel viele vielen vom von vor während war wäre wären waren was weder wegen weil weiter
weitere welche welchem welchen welcher welches wenn wer werde werden wie wieder will wir wird wo wollen wollte
worden wurde würde würden wurden zu zum zur zwar zwischen wurde gegenüber sagte sagt erklärte hieß heißt
"""

_EN = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours out over own said same says she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours also would could may might must shall its it's one two
new according told including since still however
"""

_FR = """
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos
notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont été
être avait ont a plus cette comme aussi
"""

STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(_DE.split()),
    "en": frozenset(_EN.split()),
    "fr": frozenset(_FR.split()),
}

#: Month names (German, English; full and abbreviated) mapped to month numbers, for date mentions.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "Januar Jänner January Jan",
        "Februar Feber February Feb",
        "März Maerz March Mär Mar",
        "April Apr",
        "Mai May",
        "Juni June Jun",
        "Juli July Jul",
        "August Aug",
        "September Sept Sep",
        "Oktober October Okt Oct",
        "November Nov",
        "Dezember December Dez Dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_WEEKDAYS = """
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag monday tuesday wednesday thursday friday
saturday sunday
"""

#: Lower-cased words that never become terms: month and weekday names (dates are their own signal).
CALENDAR_WORDS: frozenset[str] = frozenset(name.lower() for name in MONTHS if len(name) > 3) | frozenset(
    _WEEKDAYS.split()
)
