// Make sure the search terms $keys exist (distinct keys: LadybugDB drops the
// row of a MERGE whose node an earlier row of the same statement created).
UNWIND $keys AS key
MERGE (:SearchTerm {key: key})
RETURN count(*) AS terms
