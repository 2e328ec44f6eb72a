"""Common first names whose gender is clear, for the quotes stage (a he/she points back to a
compatible person) and the entities stage (an office joined to its holder's name; a surname
written with or without a joined Arabic article, ``bare_surname``)."""

import re

#: Common first names whose gender is clear (about 550 each, since entities version 45 also
#: from Poland, the Netherlands, Scandinavia, Ireland, Wales, the Arab world, India, Nigeria,
#: Ghana and Turkey, version 47 more of those and of Scotland, Kenya and South Africa; a name not
#: here gives no evidence, and the resolver then relies on honorifics, titles and earlier
#: pronouns).
FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
    ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia
    kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel
    carolyn janet catherine maria heather diane julie joyce victoria kelly christina joan evelyn lauren judith
    olivia martha cheryl megan andrea hannah jacqueline ann jean alice kathryn gloria teresa sara janice doris
    madison julia grace judy theresa beverly denise marilyn amber danielle rose brittany diana abigail natalie
    jane lori alexis tiffany kayla hillary nancy elena sophie claire chloe ursula angela marine nikki kamala
    michelle melania ivanka sonia carla anne rosa ana lucia sofia elisa ines carmen isabel marta greta
    priya fatima aisha mei yuki olga irina natalia
    norma dorothy ruth frances marie sharon joanne joanna eleanor edith esther agnes alison allison
    amelia ava bella bethany bridget brooke caitlin camila caroline cassandra cecilia charlotte colleen connie
    courtney crystal daisy dolores eileen elaine elise eliza ella ellen eloise erica erin esmeralda eva
    felicity fiona gabriela gabrielle gwen harriet hazel heidi holly ingrid irene isabella
    jasmine jenna jill juliet kara kate katie kathy kristen kristin lara leah lena lillian lily
    lindsay lindsey liz lorraine louise lucy lydia mabel maggie margot marian marianne marion martina maureen
    melanie mia miriam molly monica nadia naomi nina nora paige paula penelope phoebe pauline polly priscilla
    rita roberta rosemary ruby sabrina sally sheila shelby sierra stella susanna suzanne sylvia tamara tanya
    tessa tina tracy valerie vanessa vera veronica vivian wanda wendy yvonne zoe zoey beatrice brigitte
    claudia francesca giulia ilse ingeborg johanna katarina katharina magdalena petra renate sabine ursula
    anastasia ekaterina svetlana tatiana yelena ludmila marina oksana yulia ayesha leila layla zainab samira
    yasmin noura mariam ananya deepa lakshmi sunita pooja meera hana keiko akiko sakura mina
    carly kirsten phyllis debbie loretta chelsea sheryl meg abby tammy kay dianne jeanne maxine nita
    adrienne alicia allie amanda angie annette arlene audrey becky bonnie candace carmen cathy celia
    charlene cindy clara darlene deanna delia dina dixie dottie elisa ellie emilia estelle faye gail
    geraldine gina glenda gretchen hayley hilda ida imogen iris jackie janelle jeanette jenny
    jocelyn josephine juanita kari karla kelsey kendra kirsty kristina krystal lana laurie leanne
    lois lorna lottie lynn mandy marcia margie marla marsha melinda meredith myra nell nellie noreen
    odette patsy peggy rachael rhonda robyn rochelle roxanne sadie selena shannon sondra stacey
    stacy susie tabitha tara tasha terri thelma trudy vicki vickie whitney yolanda
    megyn kellyanne tulsi ilhan rashida ayanna joni shelley mazie kristi sherri brianna kaitlyn
    kayleigh keisha lakisha latoya monique paulette shanice tamika tonya trisha yvette zelda ginny
    betsy
    ewa agnieszka katarzyna malgorzata magda zofia hanna sanne anouk femke astrid sigrid freya aoife siobhan
    niamh ciara sinead orla saoirse sian cerys bethan amira rania huda salma dalia nesma yasmina aparna kavita
    anjali divya priyanka shreya ngozi chiamaka ifeoma adaeze amara ayse fatma elif zeynep beatriz maura mira
    lina ilona ewelina alina daria nadine leonie anke birgit ulrike annika maja malin linnea elin
    roisin grainne mairead caoimhe edna carys morag kiera amelie rhian bronwen eilidh mhairi ffion catrin
    nia lowri seren dilys lotte solveig freja ebba aylin emine merve chioma funmilayo yetunde akosua efua
    abena adwoa nneka thandiwe nomvula zanele lerato palesa wanjiru akinyi achieng aaliyah nkechi tanisha
    jamila hiba reem farah kavya neha nisha ritu swati rekha""".split()
)
MALE_NAMES = frozenset(
    """james robert john michael william david richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
    jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank
    patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter
    noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan
    bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby mason philip louis barack bernie mitch chuck ted marco rand mike tom tim bill jim bob ben
    carlos luis miguel pedro pablo diego javier antonio manuel francisco emmanuel hans klaus
    ahmed mohammed omar ali hassan ivan sergei vladimir dmitri wei hiroshi rahul
    dan danny dave steve stephen tony ken kenny rick ricky rob robbie matt nick nate greg jeff jon johnny
    jimmy tommy andy charlie harry fred freddie ed eddie ted teddy wes hank gus abe leo luke oliver
    owen liam lucas harvey hugh ian colin craig dean derek des desmond duncan edgar edwin elliot ernest
    floyd fraser gavin geoffrey gordon graham grant hector herbert horace howard hubert isaac jake jared
    jay joel jonas julian kurt lance lenny leon leonard lewis lionel lloyd malcolm martin marvin maurice
    max melvin milton morris murray neil nigel norman oscar otis percy phil quentin reginald rex rodney
    rory ross rupert seth shane simon stanley stuart theodore todd trevor victor vince wallace warren wilbur
    alfredo andres enrique fernando guillermo jorge rafael ramon ricardo roberto sergio alejandro
    alessandro giovanni giuseppe lorenzo luca marco matteo paolo pietro stefano dieter friedrich gunther
    heinrich helmut jurgen karl manfred otto rainer stefan uwe wolfgang werner boris igor mikhail nikolai
    oleg pavel yuri andrei alexei viktor abdul ahmad hamza hussein ibrahim karim khalid mahmoud mustafa
    rashid tariq youssef amit arjun raj ravi sanjay vijay kenji takeshi haruki
    alvin andre archie barry bart basil bernard blake brad bradley brendan brent brett byron calvin
    cecil clarence clayton clifford clint clyde cody conrad curtis dalton darrell darren dave
    derrick dewey dominic don donnie doug dustin dwight elliott elmer emil everett felix forrest
    francis franklin garrett glenn grady greg harlan harrison herman hugo irving ivo jamal jarrod
    jasper jerome jesse joey jonah josh jude kirk lamar lester levi lyle marcus mario mathew mickey
    mitchell monty myron ned nelson orville perry pete preston quincy randall reggie rene rhett
    ricky roland ron ronnie roscoe rudy russ sal sammy saul sheldon sherman sid spencer stu ty vern
    vernon walt wendell wilbur willard wyatt zach
    corey cory marc eduardo raul ruben alberto julio cesar travis chad dale devin dwayne earl glen
    homer leroy lonnie marshall noel ray rod stan terrence toby troy wade wesley mitt newt reince
    jeb beto
    piotr krzysztof tomasz pawel marcin michal jakub lukasz wojciech pieter joost sven nils lars erik henrik
    anders bjorn seamus padraig eoin cian oisin ciaran aled rhys dafydd gareth marwan nasser walid samir faisal
    nabil tarek rohan vikram arun suresh anil chidi emeka obinna kwame kofi mehmet ahmet emre murat joao tiago
    robby ruairi declan fergus hamish angus callum niall joachim matthias thorsten
    eamon conor cormac darragh fergal colm donal tadhg ewan lachlan emyr gethin iwan owain huw ieuan marek
    andrzej sander daan bram thijs ruud magnus olav burak kemal chinedu ikenna tunde femi kwesi yaw kojo
    kwabena thabo sipho themba bongani jomo kamau otieno jabari tyrone darnell deshawn terrell bilal yusuf
    rajesh""".split()
)

#: First names borne by women and men alike: a first name, but no evidence of gender.
UNISEX_NAMES = frozenset(
    """chris pat alex sam jamie robin casey dana leslie lee jody kim morgan taylor shawn avery riley
    quinn cameron frankie sandy toni bobbie""".split()
)


def is_given_name(word: str) -> bool:
    """Whether ``word`` is one of the common first names here (case-insensitive)."""
    w = word.lower()
    return w in FEMALE_NAMES or w in MALE_NAMES or w in UNISEX_NAMES


#: Arabic articles written joined to a surname ("al-Assad", "el-Sisi"): the surname alone
#: ("Assad") is the same name (entities version 31).
_ARTICLE = re.compile(r"(?:[Aa]l|[Ee]l)[-\u2010\u2011](?=[A-Z]\w)")


def bare_surname(word: str) -> str:
    """``word`` without an Arabic article joined to it ("al-Haddad" -> "Haddad"); else ``word``."""
    m = _ARTICLE.match(word)
    return word[m.end() :] if m else word

