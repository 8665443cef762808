/**
 * Which topics name a person: two or three capitalised words, not a place
 * written the same way. Place names (countries, regions and large cities, in
 * English) tell a place (`China Beijing`, `Hong Kong`) from a person
 * (`Shawn Chang`); a topic is a place when it is made wholly of these.
 */
const PLACES = `
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh Barbados
Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Herzegovina Botswana Brazil Brunei Bulgaria Burkina Faso Burundi Cambodia Cameroon
Canada Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Czech Republic Denmark Djibouti Dominica Ecuador Egypt
El Salvador Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Germany Ghana Greece Grenada Guatemala Guinea Guyana
Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Kazakhstan Kenya Kiribati Korea Kosovo
Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives
Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal
Netherlands New Zealand Nicaragua Niger Nigeria North Korea South Korea North Macedonia Norway Oman Pakistan Palau Palestine Panama
Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa San Marino Saudi Arabia Senegal Serbia Seychelles
Sierra Leone Singapore Slovakia Slovenia Somalia South Africa Spain Sri Lanka Sudan Suriname Sweden Switzerland Syria Taiwan
Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu Uganda Ukraine United Kingdom United States Uruguay
Uzbekistan Vanuatu Vatican Venezuela Vietnam Yemen Zambia Zimbabwe Europe Asia Africa America Americas Oceania Antarctica
Scandinavia Bavaria Saxony Prussia Catalonia Scotland England Wales Britain Great Britain Hong Kong Macau Macao Tibet Xinjiang
Guangdong Sichuan Zhejiang Jiangsu Fujian Yunnan Hubei Hunan Shandong Hebei Henan Shanxi Shaanxi Anhui Jiangxi Guangxi Hainan
Manchuria Siberia California Texas Florida Utah Nevada Oregon Bohemia Moravia Silicon Valley Middle East Far East
Beijing Peking Shanghai Shenzhen Guangzhou Canton Chengdu Chongqing Tianjin Wuhan Nanjing Hangzhou Suzhou Xiamen Dalian Qingdao
Taipei Tokyo Osaka Kyoto Seoul Busan Pyongyang Bangkok Hanoi Manila Jakarta Kuala Lumpur Mumbai Bombay Delhi New Delhi Bangalore
Bengaluru Pune Chennai Kolkata Hyderabad Karachi Lahore Dhaka Tehran Baghdad Istanbul Ankara Dubai Riyadh Jerusalem Tel Aviv Cairo
Lagos Nairobi Johannesburg Cape Town Moscow Petersburg Saint Petersburg Kyiv Kiev Minsk Warsaw Prague Brno Vienna Budapest Bucharest
Sofia Belgrade Zagreb Ljubljana Athens Rome Milan Turin Naples Madrid Barcelona Lisbon Porto Paris Lyon Marseille Brussels Amsterdam
Rotterdam Berlin Munich Hamburg Frankfurt Cologne Nuremberg Nürnberg Stuttgart Dresden Leipzig Zurich Zürich Geneva Bern Basel
London Manchester Edinburgh Dublin Oslo Stockholm Copenhagen Helsinki Reykjavik Tallinn Riga Vilnius Luxembourg New York Boston
Washington Chicago Seattle Portland San Francisco Los Angeles San Diego San Jose Austin Dallas Houston Atlanta Miami Denver Provo
Toronto Montreal Vancouver Ottawa Mexico City Havana Bogota Lima Santiago Buenos Aires Sao Paulo Rio Sydney Melbourne Brisbane
Perth Auckland Wellington Singapore Kuala Lumpur
`;

/** Each place as its words, lower-cased: `new zealand` is ['new', 'zealand']. */
const NAMES: string[][] = (() => {
  const multi = ['Bosnia Herzegovina', 'Burkina Faso', 'Czech Republic', 'El Salvador', 'New Zealand', 'North Korea', 'South Korea', 'North Macedonia', 'San Marino', 'Saudi Arabia', 'Sierra Leone', 'South Africa', 'Sri Lanka', 'United Kingdom', 'United States', 'Great Britain', 'Hong Kong', 'Silicon Valley', 'Middle East', 'Far East', 'Kuala Lumpur', 'New Delhi', 'Tel Aviv', 'Cape Town', 'Saint Petersburg', 'New York', 'San Francisco', 'Los Angeles', 'San Diego', 'San Jose', 'Mexico City', 'Buenos Aires', 'Sao Paulo'];
  let rest = PLACES;
  for (const m of multi) rest = rest.split(m).join(' ');
  return [...multi.map((m) => m.toLowerCase().split(' ')), ...rest.split(/\s+/).filter(Boolean).map((w) => [w.toLowerCase()])];
})();

/** Whether `name` is one or more place names and nothing else: `China Beijing`, `Hong Kong`, `Berlin`. */
export function isPlaceName(name: string): boolean {
  const words = name.toLowerCase().split(/[\s,/]+/).filter(Boolean);
  const from = (i: number): boolean => i === words.length || NAMES.some((p) => p.every((w, k) => words[i + k] === w) && from(i + p.length));
  return words.length > 0 && from(0);
}

/**
 * Two or three words, each a capital letter and small ones: `Samuel
 * Thibault`, `Harald Müller-Ney`; not a place written the same way (`China
 * Beijing`, `Hong Kong`, `New York`).
 */
export function isPersonName(topic: string): boolean {
  return /^\p{Lu}[\p{Ll}'-]+(?: \p{Lu}[\p{Ll}'-]+){1,2}$/u.test(topic) && !isPlaceName(topic);
}
